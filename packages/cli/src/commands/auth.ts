import { API_TOKEN_PREFIX } from '@wfchat/contracts';
import type { Command } from '../command.js';
import { configPath, deleteConfig, readConfig, writeConfig } from '../config-store.js';
import { usageError } from '../errors.js';
import { ask, readAll, withProgress } from '../interaction.js';
import { printJson } from '../output.js';
import { checkedApiUrl, clientFor, DEFAULT_API_URL, envValue } from '../settings.js';

const login: Command = {
  name: ['login'],
  usage: '',
  options: ['token-stdin'],
  summary: 'Check an API token against the server and store it with the API URL (asks for what is not given)',
  async run({ io, opts, json, c }) {
    const stored = (await readConfig(io.env)) ?? {};
    const interactive = Boolean(io.stdin.isTTY) && !opts['token-stdin'];

    let rawUrl = opts['api-url'] ?? envValue(io, 'WFCHAT_API_URL');
    if (rawUrl === undefined && interactive) {
      const fallback = stored.apiUrl ?? DEFAULT_API_URL;
      rawUrl = (await ask(io, `API URL [${fallback}]: `)) || fallback;
    }
    const apiUrl = checkedApiUrl(rawUrl ?? stored.apiUrl ?? DEFAULT_API_URL);

    let token = opts.token ?? (opts['token-stdin'] ? await readAll(io) : undefined) ?? envValue(io, 'WFCHAT_TOKEN');
    if (token === undefined && interactive) {
      token = await ask(io, `API token (${API_TOKEN_PREFIX}…, create one in the web app: Account → API tokens): `, {
        secret: true,
      });
    }
    if (!token) {
      throw usageError(
        'no API token given',
        'pass --token-stdin (e.g. `echo "$TOKEN" | wfchat login --token-stdin`), --token or WFCHAT_TOKEN, or run it in a terminal',
      );
    }

    const me = await withProgress(io, 'Checking the token…', () => clientFor(io, { apiUrl, token }).me());
    const file = await writeConfig(io.env, { apiUrl, token });
    if (json) return printJson(io, me);
    io.stdout.write(`${c.green('✓')} Logged in to ${apiUrl} as ${c.bold(me.user.email)}.\n`);
    io.stdout.write(`  Saved to ${file} (readable by you only).\n`);
  },
};

const logout: Command = {
  name: ['logout'],
  usage: '',
  options: [],
  summary: 'Forget the stored API URL and token',
  async run({ io, json }) {
    const file = configPath(io.env);
    const removed = await deleteConfig(io.env);
    if (json) return printJson(io, { loggedOut: removed, configPath: file });
    if (!removed) {
      io.stdout.write(`Not logged in (no ${file}).\n`);
      return;
    }
    io.stdout.write(`Logged out: removed ${file}.\n`);
    io.stdout.write(
      'The token itself stays valid: revoke it in the web app (Account → API tokens) if it is no longer needed.\n',
    );
  },
};

export const authCommands: Command[] = [login, logout];
