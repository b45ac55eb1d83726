import http from 'node:http';
import { startApiProcess } from '../dev/api-process.js';
import { freshDatabase } from '../dev/fresh-database.js';
import { startLlmStub } from '../dev/llm-stub.js';
import { canvasChatToken, percentile, printTable, type Bench, UNLIMITED_RATE_LIMITS } from './bench.util.js';
import { cpuSeconds, rssMb } from './proc-stats.js';

/**
 * Many slow chats at once on one API process: `threads.create` on an `llm`
 * workflow whose (stub) model streams a ~13 s answer, opened over a short
 * ramp so that all of them are open together. Measures how many were open at
 * once, the time to the first SSE event, how many completed, the API's peak
 * RSS, and `GET /api/healthz` latency while they run. Runs on whatever
 * `DATABASE_URL`/`REDIS_URL` name (PostgreSQL + Redis for the figures in docs).
 * Goals: all open together, first event p99 <= 2 s, all complete, RSS <= 500 MB,
 * healthz <= 100 ms.
 */
const STREAMS = Number(process.env.BENCH_STREAMS ?? 2_000);
const RAMP_MS = Number(process.env.BENCH_STREAMS_RAMP_MS ?? 4_000);
/** 20 words + "Echo:" = 21 chunks at 620 ms: about 13 s per answer. */
const WORDS = 20;
const CHUNK_DELAY_MS = 620;
const STREAM_TIMEOUT_MS = 90_000;
/**
 * Short answers (the same path, a fast model) run before the measured ramp,
 * as the other benches warm their servers first: a cold process spends its
 * first couple of thousand requests in V8's baseline code and compiler
 * (~4x the CPU of a warm one). `BENCH_STREAMS_WARMUP=0` measures a cold process.
 */
const WARMUP = Number(process.env.BENCH_STREAMS_WARMUP ?? 1_500);
const WARMUP_CONCURRENCY = 50;
const PROBE_EVERY_MS = 200;

const GOAL_FIRST_EVENT_P99_MS = 2_000;
const GOAL_RSS_MB = 500;
const GOAL_HEALTHZ_MS = 100;

interface StreamResult {
  firstEventMs: number;
  totalMs: number;
  completed: boolean;
  status: number;
}

const llmDefinition = (model: string) => ({
  v: 1,
  nodes: [
    { id: 'l', type: 'llm', config: { model } },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [{ source: 'l', target: 'r' }],
});

/** One streaming message on its own connection, read to the end. */
function stream(base: URL, token: string, i: number, counters: { open: number; maxOpen: number }) {
  const words = Array.from({ length: WORDS - 2 }, (_, w) => `word${w}`).join(' ');
  const body = JSON.stringify({
    type: 'threads.create',
    params: {
      input: {
        content: [{ type: 'input_text', text: `Stream ${i} ${words}` }],
        attachments: [],
        inference_options: {},
      },
    },
  });
  return new Promise<StreamResult>((resolve) => {
    const start = performance.now();
    let first = NaN;
    let text = '';
    let counted = false;
    const finish = (status: number) => {
      if (counted) {
        counted = false;
        counters.open -= 1;
      }
      resolve({
        firstEventMs: first,
        totalMs: performance.now() - start,
        status,
        completed:
          status === 200 &&
          text.includes('"thread.item.done"') &&
          text.includes('assistant_message') &&
          !text.includes('"type":"error"'),
      });
    };
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: '/api/chatkit',
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
        timeout: STREAM_TIMEOUT_MS,
      },
      (res) => {
        counted = true;
        counters.open += 1;
        counters.maxOpen = Math.max(counters.maxOpen, counters.open);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (Number.isNaN(first)) first = performance.now() - start;
          text += chunk;
        });
        res.on('end', () => finish(res.statusCode ?? 0));
        res.on('error', () => finish(0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => finish(0));
    req.end(body);
  });
}

/** `WARMUP` fast answers, `WARMUP_CONCURRENCY` at a time; resolves with how many completed. */
async function warmUp(base: URL, token: string): Promise<number> {
  const counters = { open: 0, maxOpen: 0 };
  let next = 0;
  let completed = 0;
  const worker = async () => {
    while (next < WARMUP) {
      const r = await stream(base, token, next++, counters);
      if (r.completed) completed += 1;
    }
  };
  await Promise.all(Array.from({ length: WARMUP_CONCURRENCY }, worker));
  return completed;
}

export async function streamsBench(): Promise<{ ok: boolean }> {
  const stub = await startLlmStub({ slowDelayMs: CHUNK_DELAY_MS });
  const db = await freshDatabase('streams');
  let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
  try {
    api = await startApiProcess({
      ...db.env,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      LLM_BASE_URL: stub.url,
      SEED_DEMO: 'false',
      NODE_ENV: 'production',
      CHAT_JWT_TTL_SECONDS: '3600',
      ...UNLIMITED_RATE_LIMITS,
    });
    const base = new URL(api.baseUrl);
    const token = await canvasChatToken(api.baseUrl, 'Streams', llmDefinition('stub-slow'));
    let warmed = 0;
    if (WARMUP > 0)
      warmed = await warmUp(base, await canvasChatToken(api.baseUrl, 'Warm-up', llmDefinition('stub-echo')));

    const health: number[] = [];
    const rss: number[] = [];
    const counters = { open: 0, maxOpen: 0 };
    const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let running = true;
    const probe = (async () => {
      while (running) {
        const t0 = performance.now();
        await new Promise<void>((resolve) => {
          http
            .get({ host: base.hostname, port: base.port, path: '/api/healthz', agent: healthAgent }, (res) => {
              res.resume();
              res.on('end', () => resolve());
            })
            .on('error', () => resolve());
        });
        if (counters.open > 0) health.push(performance.now() - t0);
        rss.push(rssMb(api!.pid));
        await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
      }
    })();

    const cpu0 = cpuSeconds(api.pid);
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    const runs: Promise<StreamResult>[] = [];
    for (let i = 0; i < STREAMS; i += 1) {
      const due = t0 + (i * RAMP_MS) / STREAMS;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      runs.push(stream(base, token, i, counters));
    }
    const results = await Promise.all(runs);
    const wallS = (performance.now() - t0) / 1000;
    const cpuS = cpuSeconds(api.pid) - cpu0;
    const own = process.cpuUsage(own0);
    const ownS = (own.user + own.system) / 1e6;
    running = false;
    await probe;
    healthAgent.destroy();

    const firsts = results.map((r) => r.firstEventMs).filter((v) => !Number.isNaN(v));
    const totals = results.map((r) => r.totalMs);
    const completed = results.filter((r) => r.completed).length;
    const peakRss = Math.max(...rss.filter((v) => !Number.isNaN(v)));
    const healthMax = health.length ? Math.max(...health) : NaN;
    const f = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `streams: ${STREAMS} threads.create over ${RAMP_MS / 1000} s, llm stub answering in ~${((WORDS + 1) * CHUNK_DELAY_MS) / 1000} s, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}${process.env.REDIS_URL ? ' + Redis' : ''}, ${WARMUP > 0 ? `after ${warmed} of ${WARMUP} short answers to warm the process` : 'cold process'}`,
    );
    printTable([
      ['', 'figure', 'goal'],
      ['open at once', `${counters.maxOpen}`, `${STREAMS}`],
      [
        'first event p50 / p99',
        `${f(percentile(firsts, 50))} / ${f(percentile(firsts, 99))}`,
        `p99 <= ${GOAL_FIRST_EVENT_P99_MS} ms`,
      ],
      ['stream duration p50 / max', `${f(percentile(totals, 50))} / ${f(Math.max(...totals))}`, ''],
      ['completed', `${completed}`, `${STREAMS}`],
      ['API peak RSS', `${peakRss.toFixed(0)} MB`, `<= ${GOAL_RSS_MB} MB`],
      [
        'healthz p50 / p99 / max',
        `${f(percentile(health, 50))} / ${f(percentile(health, 99))} / ${f(healthMax)}`,
        `<= ${GOAL_HEALTHZ_MS} ms`,
      ],
      [
        'API CPU',
        `${cpuS.toFixed(1)} s over ${wallS.toFixed(1)} s (${((cpuS / STREAMS) * 1000).toFixed(2)} ms per stream)`,
        '',
      ],
      // The clients and the stub LLM share this process: when it is saturated, so are the figures above.
      ['bench process CPU (clients + stub LLM)', `${ownS.toFixed(1)} s`, ''],
    ]);
    const statuses = new Map<number, number>();
    for (const r of results) if (r.status !== 200) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (statuses.size)
      console.log(`  non-200 answers: ${[...statuses].map(([s, n]) => `${s || 'no answer'} x${n}`).join(', ')}`);
    const ok =
      counters.maxOpen === STREAMS &&
      percentile(firsts, 99) <= GOAL_FIRST_EVENT_P99_MS &&
      completed === STREAMS &&
      peakRss <= GOAL_RSS_MB &&
      healthMax <= GOAL_HEALTHZ_MS;
    console.log(`  ${ok ? 'met' : 'MISSED'}`);
    return { ok };
  } finally {
    await api?.stop();
    await stub.close();
    await db.drop();
  }
}

export const bench: Bench = { name: 'streams', run: () => streamsBench() };
