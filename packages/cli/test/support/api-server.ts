/**
 * Starts the real, built API for one test file (the approach of e2e/support/server.ts):
 * a fresh PostgreSQL database when DATABASE_URL is set (dropped afterwards),
 * otherwise a temporary PGlite data directory. REDIS_URL passes through.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Resolved from this package, so the repo can live anywhere. */
export const API_MAIN = path.resolve(here, '../../../../apps/api/dist/main.js');

export interface RunningApi {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-cli-api-'));
  const server = process.env.DATABASE_URL;
  if (!server) {
    return { env: { DATA_DIR: dataDir }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `wfchat_cli_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startApi(): Promise<RunningApi> {
  if (!fs.existsSync(API_MAIN)) {
    throw new Error(`${API_MAIN} is missing: build it with \`npx turbo run build --filter=@wfchat/api\``);
  }
  const db = await freshDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [API_MAIN], {
    cwd: path.dirname(path.dirname(API_MAIN)),
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: baseUrl,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...db.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    await db.drop();
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    const code = await Promise.race([exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 200))]);
    if (code !== 'wait') {
      await db.drop();
      throw new Error(`API exited with ${code} before it was ready:\n${output}`);
    }
    const ok = await fetch(`${baseUrl}/api/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`API did not become healthy in 90 s:\n${output}`);
    }
  }
  return { baseUrl, stop };
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
