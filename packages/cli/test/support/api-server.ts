/**
 * The real, built API for one test file, on a fresh database (PostgreSQL when
 * DATABASE_URL is set, else PGlite). REDIS_URL passes through.
 */
import { randomBytes } from 'node:crypto';
import { startApiProcess } from '@wfchat/api/dev/api-process';
import { freshDatabase } from '@wfchat/api/dev/fresh-database';

export { freePort } from '@wfchat/api/dev/api-process';

export interface RunningApi {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startApi(): Promise<RunningApi> {
  const db = await freshDatabase('cli');
  try {
    // Every sign-up comes from 127.0.0.1, and Redis counters outlive a run.
    const limits = { RATE_LIMIT_SIGNUP_PER_HOUR: '100000', RATE_LIMIT_LOGIN_IP_PER_15MIN: '100000' };
    const api = await startApiProcess({ SEED_DEMO: 'false', ...limits, ...db.env }, 90_000);
    return {
      baseUrl: api.baseUrl,
      async stop() {
        await api.stop();
        await db.drop();
      },
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

export interface Account {
  email: string;
  /** The `sid` cookie, for the endpoints a browser uses (API tokens). */
  cookie: string;
  token: string;
  tokenId: string;
}

async function call(
  baseUrl: string,
  method: string,
  p: string,
  init: { cookie?: string; bearer?: string; body?: unknown } = {},
) {
  const res = await fetch(`${baseUrl}/api${p}`, {
    method,
    headers: {
      origin: baseUrl,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return { res, body: text ? JSON.parse(text) : undefined };
}

/** A new user with a new API token. */
export async function createAccount(baseUrl: string, label = 'cli'): Promise<Account> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const { res } = await call(baseUrl, 'POST', '/auth/signup', { body: { email, password: 'correct horse battery' } });
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
  if (!sid) throw new Error('signup set no sid cookie');
  const cookie = sid.split(';')[0]!;
  const { body } = await call(baseUrl, 'POST', '/auth/tokens', { cookie, body: { name: `${label} token` } });
  return { email, cookie, token: body.token, tokenId: body.id };
}

export async function revokeToken(baseUrl: string, account: Account): Promise<void> {
  await call(baseUrl, 'DELETE', `/auth/tokens/${account.tokenId}`, { cookie: account.cookie });
}

export async function createWorkflow(
  baseUrl: string,
  token: string,
  name: string,
): Promise<{ id: string; name: string }> {
  const { body } = await call(baseUrl, 'POST', '/workflows', { bearer: token, body: { name } });
  return body;
}
