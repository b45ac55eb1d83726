import { normalizeApiUrl, WfchatApiClient } from './api-client.js';
import { readConfig } from './config-store.js';
import { CliError, CliErrorCode, ExitCode, usageError } from './errors.js';
import type { Io } from './io.js';

export const DEFAULT_API_URL = 'http://localhost:3000';

/** An environment variable, with an empty value treated as unset. */
export function envValue(io: Io, name: 'WFCHAT_API_URL' | 'WFCHAT_TOKEN'): string | undefined {
  return io.env[name] || undefined;
}

export interface ConnectionFlags {
  apiUrl?: string;
  token?: string;
}

export interface Connection {
  apiUrl: string;
  token: string | undefined;
}

/** Flags win over the environment, which wins over the stored config, which wins over the default URL. */
export async function resolveConnection(io: Io, flags: ConnectionFlags): Promise<Connection> {
  const stored = (await readConfig(io.env)) ?? {};
  const rawUrl = flags.apiUrl ?? envValue(io, 'WFCHAT_API_URL') ?? stored.apiUrl ?? DEFAULT_API_URL;
  return { apiUrl: checkedApiUrl(rawUrl), token: flags.token ?? envValue(io, 'WFCHAT_TOKEN') ?? stored.token };
}

export function checkedApiUrl(raw: string): string {
  try {
    return normalizeApiUrl(raw);
  } catch (err) {
    throw usageError(`invalid API URL: ${(err as Error).message}`, 'pass --api-url http(s)://host[:port]');
  }
}

export function clientFor(io: Io, conn: { apiUrl: string; token: string }): WfchatApiClient {
  return new WfchatApiClient({ apiUrl: conn.apiUrl, token: conn.token, fetch: io.fetch, userAgent: 'wfchat-cli' });
}

/** A client for a logged-in user; exit 4 with a `wfchat login` hint otherwise. */
export async function requireClient(io: Io, flags: ConnectionFlags): Promise<WfchatApiClient> {
  const conn = await resolveConnection(io, flags);
  if (!conn.token) {
    throw new CliError(
      ExitCode.Auth,
      CliErrorCode.NotLoggedIn,
      'not logged in: no API token',
      'run `wfchat login` (or pass --token / set WFCHAT_TOKEN)',
    );
  }
  return clientFor(io, { apiUrl: conn.apiUrl, token: conn.token });
}
