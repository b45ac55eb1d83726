import { parseArgs } from 'node:util';
import { GLOBAL_OPTIONS, OPTIONS, type Command, type ParsedOptions } from './command.js';
import { authCommands } from './commands/auth.js';
import { workflowCommands } from './commands/workflow.js';
import { ExitCode, toCliError, usageError } from './errors.js';
import type { Io } from './io.js';
import { colorsFor, printError } from './output.js';

export const COMMANDS: Command[] = [...authCommands, ...workflowCommands];

const FLAG_HELP: Record<string, string> = {
  'api-url':
    '--api-url <url>     server address (env WFCHAT_API_URL; default: the stored one, else http://localhost:3000)',
  token: '--token <token>     API token (env WFCHAT_TOKEN; default: the stored one)',
  json: '--json              print the API payload as JSON (errors as {code, message, hint} on stderr)',
  yes: '--yes, -y           do not ask for confirmation (required when stdin is not a terminal)',
  'require-login': '--require-login     visitors must sign in (publish)',
  version: '--version <n>       pin this saved definition version (publish; default: the latest)',
  'token-stdin': '--token-stdin       read the token from stdin (login)',
  help: '--help, -h          show help',
};

function commandLine(cmd: Command): string {
  return [
    'wfchat',
    ...cmd.name,
    cmd.usage,
    ...cmd.options.map((o) => (OPTIONS[o].type === 'string' ? `[--${o} <value>]` : `[--${o}]`)),
  ]
    .filter(Boolean)
    .join(' ');
}

export function helpText(): string {
  const lines = ['Usage: wfchat <command> [flags]', '', 'Commands:'];
  for (const cmd of COMMANDS) lines.push(`  ${commandLine(cmd)}`, `      ${cmd.summary}`);
  lines.push('', 'Flags:', ...Object.values(FLAG_HELP).map((h) => `  ${h}`));
  lines.push(
    '',
    'Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 not logged in / not permitted,',
    '            5 conflict (not published / already published), 6 network, 7 rate limited.',
    '',
  );
  return lines.join('\n');
}

function findCommand(positionals: string[]): Command | undefined {
  return COMMANDS.find((cmd) => cmd.name.every((part, i) => positionals[i] === part));
}

/** Runs one CLI invocation and returns its exit code (it never calls process.exit). */
export async function main(argv: string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (err) {
      throw usageError((err as Error).message);
    }
    const opts = parsed.values as ParsedOptions;
    json = Boolean(opts.json);
    const positionals = parsed.positionals;

    if (positionals.length === 0 || positionals[0] === 'help') {
      io.stdout.write(helpText());
      return positionals.length === 0 && !opts.help ? ExitCode.Usage : ExitCode.Ok;
    }
    const cmd = findCommand(positionals);
    if (!cmd) {
      const group = positionals[0] === 'workflow' ? `workflow ${positionals[1] ?? ''}`.trim() : positionals[0];
      throw usageError(`unknown command "${group}"`);
    }
    if (opts.help) {
      io.stdout.write(`Usage: ${commandLine(cmd)}\n\n${cmd.summary}\n`);
      return ExitCode.Ok;
    }
    const allowed = new Set([...GLOBAL_OPTIONS, ...cmd.options]);
    for (const key of Object.keys(opts)) {
      if (!allowed.has(key as never))
        throw usageError(`${cmd.name.join(' ')} does not take --${key}`, `usage: ${commandLine(cmd)}`);
    }
    const args = positionals.slice(cmd.name.length);
    const expected = cmd.usage ? cmd.usage.split(' ').length : 0;
    if (args.length !== expected || args.some((a) => a.trim() === '')) {
      throw usageError(
        args.length < expected
          ? `missing ${cmd.usage.split(' ')[args.length]}`
          : `unexpected argument "${args[expected] ?? ''}"`,
        `usage: ${commandLine(cmd)}`,
      );
    }
    await cmd.run({ io, args, opts, json, c: colorsFor(io.stdout, io.env) });
    return ExitCode.Ok;
  } catch (err) {
    const cli = toCliError(err, { workflowId: workflowIdFrom(argv) });
    printError(io, cli, json);
    return cli.exitCode;
  }
}

/** The `<id>` of `wfchat workflow <cmd> <id>`, for hints. */
function workflowIdFrom(argv: string[]): string | undefined {
  const positionals = argv.filter(
    (a, i) => !a.startsWith('-') && !['--api-url', '--token', '--version'].includes(argv[i - 1] ?? ''),
  );
  return positionals[0] === 'workflow' ? positionals[2] : undefined;
}
