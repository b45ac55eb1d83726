import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { createApp } from '../app.factory.js';
import { createLogger } from '../common/logging/logger.js';
import { migrationsDir } from '../common/paths.js';
import { parseConfig } from '../config/config.schema.js';
import { openDatabase } from '../database/database.js';
import { migrate } from '../database/migrator.js';
import { ms, percentile, printTable, TEMPLATE_DEFINITION, type Bench, UNLIMITED_RATE_LIMITS } from './bench.util.js';
import { sameWorkServer } from './same-work.server.js';

/**
 * `threads.create` and `threads.add_user_message` on a template workflow
 * through the full stack (JWT guard, rate limits, PostgreSQL, SSE), next to
 * (a) a minimal server doing the same work (HMAC JWT check, the same inserts
 * with plain `pg`, the same SSE events) and (b) a bare Node HTTP server
 * writing the same SSE bytes. All are measured in one run, at 32 concurrent
 * keep-alive connections, by a load generator on its own thread.
 * Goal: full stack >= 0.7 x (a) in requests/s, with p99 < 50 ms.
 */
export const CONCURRENCY = 32;
const WARMUP_MS = 1_000;
const DURATION_MS = 4_000;
const GOAL_RATIO = 0.7;
const GOAL_P99_MS = 50;
const SECRET = randomBytes(32).toString('hex');
const KID = 'bench';

export interface LoadResult {
  count: number;
  errors: number;
  latencies: number[];
  seconds: number;
}

// ---------------------------------------------------------------------------
// Load generator (a worker thread, so it does not share the servers' event loop).

const WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, op, threads, concurrency, warmupMs, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
let seq = 0;
function once(slot) {
  seq += 1;
  const input = { content: [{ type: 'input_text', text: 'Bench message ' + seq + ' of slot ' + slot }], attachments: [], inference_options: {} };
  const params = op === 'threads.create' ? { input } : { thread_id: threads[slot], input };
  const body = JSON.stringify({ type: op, params, metadata: {} });
  return new Promise((resolve) => {
    const start = performance.now();
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer ' + token } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - start }));
    });
    req.on('error', () => resolve({ ok: false, ms: performance.now() - start }));
    req.end(body);
  });
}
(async () => {
  const t0 = performance.now();
  const measureFrom = t0 + warmupMs;
  const until = measureFrom + durationMs;
  const latencies = [];
  let errors = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, slot) => {
    while (performance.now() < until) {
      const r = await once(slot);
      if (performance.now() - r.ms >= measureFrom) {
        if (r.ok) latencies.push(r.ms); else errors += 1;
      }
    }
  }));
  agent.destroy();
  parentPort.postMessage({ count: latencies.length, errors, latencies, seconds: durationMs / 1000 });
})();
`;

/** Drives `op` at CONCURRENCY connections; `threads` (one per connection) for operations on a thread. */
export function load(
  url: string,
  token: string,
  op: string,
  threads: string[],
  { warmupMs = WARMUP_MS, durationMs = DURATION_MS } = {},
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { url, token, op, threads, concurrency: CONCURRENCY, warmupMs, durationMs },
    });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

// ---------------------------------------------------------------------------
// (b) The bare server: the same bytes, no work.

function bareServer(bytes: string): http.Server {
  return http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache',
        'X-Accel-Buffering': 'no',
      });
      for (const block of bytes.split(/(?<=\n\n)/)) res.write(block);
      res.end();
    });
  });
}

const listen = (server: http.Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const close = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function threadsFor(url: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < CONCURRENCY; i += 1) {
    const input = {
      content: [{ type: 'input_text', text: `Seed thread ${i}` }],
      attachments: [],
      inference_options: {},
    };
    const res = await post(url, { type: 'threads.create', params: { input } }, { authorization: `Bearer ${token}` });
    const first = JSON.parse(res.text.split('\n\n')[0]!.slice('data: '.length)) as { thread: { id: string } };
    ids.push(first.thread.id);
  }
  return ids;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function chatkitBench(): Promise<{ ok: boolean }> {
  const adminUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (!(await reachable(adminUrl))) {
    console.log(
      `chatkit: SKIPPED, no PostgreSQL reachable at ${adminUrl.replace(/\/\/[^@]*@/, '//***@')} (set DATABASE_URL)`,
    );
    return { ok: true };
  }
  const dbName = `wfchat_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const db = await openDatabase({ databaseUrl });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // DROP DATABASE ... WITH (FORCE) ends idle connections; that is expected.
  pool.on('error', () => undefined);
  const servers: http.Server[] = [];
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    await migrate(db.sql, migrationsDir);
    const config = parseConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      DATA_DIR: '/tmp/wfchat-bench',
      SEED_DEMO: 'false',
      WEB_DIST_DIR: '/nonexistent',
      CHAT_JWT_KEYS: `${KID}:${SECRET}`,
      PUBLIC_BASE_URL: 'http://bench.local',
      ...UNLIMITED_RATE_LIMITS,
    });
    app = await createApp({ config, db, redis: null, logger: createLogger('silent') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api`;
    const origin = { origin: 'http://bench.local' };

    // A published template workflow and one visitor token, through the real endpoints.
    const signup = await post(
      `${base}/auth/signup`,
      { email: `bench-${dbName}@example.test`, password: 'bench password 123' },
      origin,
    );
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const wf = JSON.parse(
      (await post(`${base}/workflows`, { name: 'Bench', definition: TEMPLATE_DEFINITION }, { ...origin, cookie })).text,
    ) as { id: string };
    const published = JSON.parse(
      (await post(`${base}/workflows/${wf.id}/publish`, {}, { ...origin, cookie })).text,
    ) as { publishToken: string };
    const session = await post(
      `${base}/public/workflows/${wf.id}/session`,
      { publishToken: published.publishToken },
      origin,
    );
    const token = (JSON.parse(session.text) as { token: string }).token;

    const full = `${base}/chatkit`;
    servers.push(sameWorkServer(pool, { kid: KID, secret: SECRET }));
    const minimal = await listen(servers[0]!);
    const sample = await post(
      full,
      {
        type: 'threads.create',
        params: { input: { content: [{ type: 'input_text', text: 'Bench message 1 of slot 0' }] } },
      },
      { authorization: `Bearer ${token}` },
    );
    if (sample.status !== 200) throw new Error(`full stack answered ${sample.status}: ${sample.text}`);
    servers.push(bareServer(sample.text));
    const bare = await listen(servers[1]!);

    const threads = {
      full: await threadsFor(full, token),
      minimal: await threadsFor(minimal, token),
      bare: await threadsFor(bare, token),
    };
    const results: Record<string, Record<string, LoadResult>> = {};
    for (const op of ['threads.create', 'threads.add_user_message']) {
      results[op] = {};
      for (const [name, target] of [
        ['full', full],
        ['minimal', minimal],
        ['bare', bare],
      ] as const) {
        results[op][name] = await load(target, token, op, threads[name]);
      }
    }

    let ok = true;
    console.log(
      `chatkit: ${CONCURRENCY} connections, ${DURATION_MS / 1000} s each after ${WARMUP_MS / 1000} s warm-up, PostgreSQL, template workflow`,
    );
    const rows: [string, string, string][] = [['', 'req/s', 'p50 / p99']];
    const summary: string[] = [];
    for (const [op, byServer] of Object.entries(results)) {
      for (const [name, r] of Object.entries(byServer)) {
        const rps = r.count / r.seconds;
        rows.push([
          `${op} ${name}${r.errors ? ` (${r.errors} errors)` : ''}`,
          rps.toFixed(0),
          `${ms(percentile(r.latencies, 50))} / ${ms(percentile(r.latencies, 99))}`,
        ]);
      }
      const rate = (n: string) => byServer[n]!.count / byServer[n]!.seconds;
      const vsMinimal = rate('full') / rate('minimal');
      const vsBare = rate('full') / rate('bare');
      const p99 = percentile(byServer.full!.latencies, 99);
      const met = vsMinimal >= GOAL_RATIO && p99 < GOAL_P99_MS && byServer.full!.errors === 0;
      ok &&= met;
      summary.push(
        `  ${op}: full/minimal ${vsMinimal.toFixed(2)}, full/bare ${vsBare.toFixed(2)}, full p99 ${ms(p99)}: ${met ? 'met' : 'MISSED'}`,
      );
    }
    printTable(rows);
    console.log(`  goal: full >= ${GOAL_RATIO} x minimal in req/s and p99 < ${GOAL_P99_MS} ms`);
    for (const line of summary) console.log(line);
    return { ok };
  } finally {
    for (const s of servers) await close(s);
    await app?.close();
    await pool.end().catch(() => undefined);
    await db.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

export const bench: Bench = { name: 'chatkit', run: () => chatkitBench() };
