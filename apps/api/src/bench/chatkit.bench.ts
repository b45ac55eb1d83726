import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
import { ms, percentile, printTable, type Bench } from './bench.util.js';

/**
 * `threads.create` and `threads.add_user_message` on a template workflow
 * through the full stack (JWT guard, rate limits, PostgreSQL, SSE), next to
 * (a) a minimal server doing the same work (HMAC JWT check, the same inserts
 * with plain `pg`, the same SSE events) and (b) a bare Node HTTP server
 * writing the same SSE bytes. All are measured in one run, at 32 concurrent
 * keep-alive connections, by a load generator on its own thread.
 * Goal: full stack >= 0.7 x (a) in requests/s, with p99 < 50 ms.
 */
const CONCURRENCY = 32;
const WARMUP_MS = 1_000;
const DURATION_MS = 4_000;
const GOAL_RATIO = 0.7;
const GOAL_P99_MS = 50;
const SECRET = randomBytes(32).toString('hex');
const KID = 'bench';

interface LoadResult {
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

function load(url: string, token: string, op: string, threads: string[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { url, token, op, threads, concurrency: CONCURRENCY, warmupMs: WARMUP_MS, durationMs: DURATION_MS },
    });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

// ---------------------------------------------------------------------------
// (a) The minimal server: the same work, nothing else.

function verifyHs256(token: string): { wf: string; sub: string; mode: string } | null {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return null;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; kid?: string };
  if (header.alg !== 'HS256' || header.kid !== KID) return null;
  const expected = createHmac('sha256', SECRET).update(`${h}.${p}`).digest();
  const got = Buffer.from(s, 'base64url');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    wf: string;
    sub: string;
    mode: string;
    exp: number;
    aud: string;
  };
  if (claims.aud !== 'chatkit' || claims.exp * 1000 < Date.now()) return null;
  return claims;
}

const hexId = (prefix: string, at: Date) =>
  `${prefix}_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(8).toString('hex')}`;
const INSERT_ITEM = `INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
  SELECT $1, t."id", $2, COALESCE((SELECT MAX(i."seq") FROM "ChatItem" i WHERE i."threadId" = t."id"), 0) + 1, $3::jsonb, ($4::timestamptz AT TIME ZONE 'UTC')
  FROM "ChatThread" t WHERE t."id" = $5 AND t."workflowId" = $6 AND t."principal" = $7 AND t."mode" = $8`;
const CREATE_THREAD = `WITH t AS (
    INSERT INTO "ChatThread" ("id", "workflowId", "principal", "mode", "title", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, ($6::timestamptz AT TIME ZONE 'UTC'), ($6::timestamptz AT TIME ZONE 'UTC')) RETURNING "id")
  INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
  SELECT $7, t."id", 'user_message', 1, $8::jsonb, ($6::timestamptz AT TIME ZONE 'UTC') FROM t`;

function minimalServer(pool: pg.Pool): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const claims = verifyHs256((req.headers.authorization ?? '').slice('Bearer '.length));
        if (!claims) return res.writeHead(401).end('{}');
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          type: string;
          params: { thread_id?: string; input: { content: { text: string }[] } };
        };
        const text = body.params.input.content.map((c) => c.text).join(' ');
        const scope = [claims.wf, claims.sub, claims.mode];
        const now = new Date();
        const events: object[] = [];
        let threadId = body.params.thread_id ?? '';
        const user = { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} };
        const userItem = {
          id: hexId('msg', now),
          thread_id: '',
          created_at: now.toISOString(),
          type: 'user_message',
          ...user,
        };
        let thread: object | null = null;
        if (body.type === 'threads.create') {
          threadId = hexId('thr', now);
          userItem.thread_id = threadId;
          await pool.query(CREATE_THREAD, [
            threadId,
            ...scope,
            text.slice(0, 60),
            now.toISOString(),
            userItem.id,
            JSON.stringify(user),
          ]);
          thread = {
            id: threadId,
            created_at: now.toISOString(),
            status: { type: 'active' },
            metadata: {},
            items: { data: [], has_more: false },
          };
          events.push({ type: 'thread.created', thread });
        } else {
          const found = await pool.query(
            'SELECT "id", "title" FROM "ChatThread" WHERE "id" = $1 AND "workflowId" = $2 AND "principal" = $3 AND "mode" = $4',
            [threadId, ...scope],
          );
          if (!found.rowCount) return res.writeHead(404).end('{}');
          userItem.thread_id = threadId;
          await pool.query(INSERT_ITEM, [
            userItem.id,
            'user_message',
            JSON.stringify(user),
            now.toISOString(),
            threadId,
            ...scope,
          ]);
        }
        const reply = 'You said: {{input}}'.replace('{{input}}', text);
        const at = new Date();
        const assistant = {
          id: hexId('msg', at),
          thread_id: threadId,
          created_at: at.toISOString(),
          type: 'assistant_message',
          content: [] as object[],
        };
        const part = { type: 'output_text', text: reply, annotations: [] };
        await pool.query(INSERT_ITEM, [
          assistant.id,
          'assistant_message',
          JSON.stringify({ content: [part] }),
          at.toISOString(),
          threadId,
          ...scope,
        ]);
        events.push(
          { type: 'thread.item.done', item: userItem },
          { type: 'stream_options', stream_options: { allow_cancel: true } },
          { type: 'thread.item.added', item: assistant },
          {
            type: 'thread.item.updated',
            item_id: assistant.id,
            update: { type: 'assistant_message.content_part.added', content_index: 0, content: { ...part, text: '' } },
          },
          {
            type: 'thread.item.updated',
            item_id: assistant.id,
            update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: reply },
          },
          {
            type: 'thread.item.updated',
            item_id: assistant.id,
            update: { type: 'assistant_message.content_part.done', content_index: 0, content: part },
          },
          { type: 'thread.item.done', item: { ...assistant, content: [part] } },
        );
        if (thread) events.push({ type: 'thread.updated', thread: { ...thread, title: text.slice(0, 60) } });
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache',
          'X-Accel-Buffering': 'no',
        });
        for (const e of events) res.write(`data: ${JSON.stringify(e)}\n\n`);
        res.end();
      })().catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
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
    const high = '1000000000';
    const config = parseConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      DATA_DIR: '/tmp/wfchat-bench',
      SEED_DEMO: 'false',
      WEB_DIST_DIR: '/nonexistent',
      CHAT_JWT_KEYS: `${KID}:${SECRET}`,
      PUBLIC_BASE_URL: 'http://bench.local',
      RATE_LIMIT_IP_PER_MIN: high,
      RATE_LIMIT_PRINCIPAL_PER_MIN: high,
      RATE_LIMIT_MESSAGES_PER_MIN: high,
      RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN: high,
      RATE_LIMIT_SESSIONS_PER_MIN: high,
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
    const definition = {
      v: 1,
      nodes: [
        { id: 't', type: 'template', config: { template: 'You said: {{input}}' } },
        { id: 'r', type: 'reply', config: {} },
      ],
      edges: [{ source: 't', target: 'r' }],
    };
    const wf = JSON.parse(
      (await post(`${base}/workflows`, { name: 'Bench', definition }, { ...origin, cookie })).text,
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
    servers.push(minimalServer(pool));
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
