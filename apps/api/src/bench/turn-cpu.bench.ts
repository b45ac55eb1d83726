import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS, startApiProcess } from '../dev/api-process.js';
import { freshDatabase } from '../dev/fresh-database.js';
import {
  canvasChatToken,
  percentile,
  printTable,
  TEMPLATE_DEFINITION,
  type Bench,
  UNLIMITED_RATE_LIMITS,
  visitorChatToken,
} from './bench.util.js';
import { CONCURRENCY, load, type LoadResult } from './chatkit.bench.js';
import { cpuSeconds } from './proc-stats.js';

/**
 * API CPU per template turn, against the same-work server, each in a process
 * of its own (as deployed): `threads.create` on a template workflow at 32
 * connections, on whatever `DATABASE_URL`/`REDIS_URL` name (PostgreSQL +
 * Redis for the figures in docs), in a Canvas test chat and as a visitor of
 * the published workflow (who is measured and metered). The product runs as `npm start` does
 * (production, info logs, every check); CPU is read from /proc, so the figure
 * is CPU time per answered request whatever else the machine runs. Rounds
 * alternate between the two servers so that a change of load on the machine
 * hits all. Goal (issue 14): product <= 1.5x the same-work server's CPU per turn, on both paths.
 */
const GOAL_RATIO = 1.5;
const ROUNDS = Number(process.env.BENCH_TURN_CPU_ROUNDS ?? 3);
const ROUND_MS = Number(process.env.BENCH_TURN_CPU_ROUND_MS ?? 5_000);
const WARMUP_MS = 5_000;

const sameWorkJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/bench/same-work.server.js');

/** The same-work server in a child process, with the product's Node flags; resolves once it listens. */
async function startSameWork(env: Record<string, string>) {
  const child = spawn(process.execPath, [...API_NODE_FLAGS, sameWorkJs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the same-work server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

interface Measured {
  turns: number;
  errors: number;
  cpuS: number;
  latencies: number[];
  seconds: number;
}

async function measure(pid: number, url: string, token: string, into: Measured): Promise<void> {
  const cpu0 = cpuSeconds(pid);
  const r: LoadResult = await load(url, token, 'threads.create', [], { warmupMs: 0, durationMs: ROUND_MS });
  into.cpuS += cpuSeconds(pid) - cpu0;
  into.turns += r.count;
  into.errors += r.errors;
  into.latencies.push(...r.latencies);
  into.seconds += r.seconds;
}

export async function turnCpuBench(): Promise<{ ok: boolean }> {
  if (!process.env.DATABASE_URL) {
    console.log('turn-cpu: SKIPPED, needs PostgreSQL (set DATABASE_URL; REDIS_URL for the rate limits in Redis)');
    return { ok: true };
  }
  const db = await freshDatabase('turncpu');
  const secret = randomBytes(32).toString('hex');
  const keys = `bench:${secret}`;
  let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
  let same: Awaited<ReturnType<typeof startSameWork>> | undefined;
  try {
    api = await startApiProcess({
      ...db.env,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      CHAT_JWT_KEYS: keys,
      CHAT_JWT_TTL_SECONDS: '3600',
      ...UNLIMITED_RATE_LIMITS,
      // Sign-ups from this machine's other runs share the per-IP counter in Redis.
      RATE_LIMIT_SIGNUP_PER_HOUR: '1000000000',
    });
    same = await startSameWork({ DATABASE_URL: db.env.DATABASE_URL!, CHAT_JWT_KEYS: keys, PORT: '0' });
    const token = await canvasChatToken(api.baseUrl, 'Turn CPU', TEMPLATE_DEFINITION);
    const visitor = await visitorChatToken(api.baseUrl, 'Turn CPU (published)', TEMPLATE_DEFINITION);
    const product = `${api.baseUrl}/api/chatkit`;

    // All warm (JIT, pools, prepared statements) before anything is counted.
    await load(product, token, 'threads.create', [], { warmupMs: 0, durationMs: WARMUP_MS / 2 });
    await load(product, visitor, 'threads.create', [], { warmupMs: 0, durationMs: WARMUP_MS / 2 });
    await load(same.url, token, 'threads.create', [], { warmupMs: 0, durationMs: WARMUP_MS / 2 });
    const empty = (): Measured => ({ turns: 0, errors: 0, cpuS: 0, latencies: [], seconds: 0 });
    const m = { canvas: empty(), visitor: empty(), same: empty() };
    for (let round = 0; round < ROUNDS; round += 1) {
      await measure(same.pid, same.url, token, m.same);
      await measure(api.pid, product, token, m.canvas);
      await measure(api.pid, product, visitor, m.visitor);
    }

    const us = (x: Measured) => (1e6 * x.cpuS) / Math.max(1, x.turns);
    const ratios = { canvas: us(m.canvas) / us(m.same), visitor: us(m.visitor) / us(m.same) };
    const rows: [string, string, string][] = [['', 'CPU per turn', 'req/s, p99']];
    for (const [name, x] of [
      ['product (npm start), Canvas chat', m.canvas],
      ['product (npm start), visitor of a share link', m.visitor],
      ['same-work server', m.same],
    ] as const) {
      rows.push([
        `${name}${x.errors ? ` (${x.errors} errors)` : ''}`,
        `${us(x).toFixed(0)} us`,
        `${(x.turns / x.seconds).toFixed(0)}, ${percentile(x.latencies, 99).toFixed(0)} ms`,
      ]);
    }
    console.log(
      `turn-cpu: threads.create on a template workflow, ${CONCURRENCY} connections, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s, ` +
        `PostgreSQL${process.env.REDIS_URL ? ' + Redis' : ''}`,
    );
    printTable(rows);
    const met =
      Math.max(ratios.canvas, ratios.visitor) <= GOAL_RATIO && m.canvas.errors === 0 && m.visitor.errors === 0;
    console.log(
      `  API CPU per turn: product/same-work ${ratios.canvas.toFixed(2)} (Canvas chat), ${ratios.visitor.toFixed(2)} (visitor) ` +
        `(goal <= ${GOAL_RATIO}): ${met ? 'met' : 'MISSED'}`,
    );
    return { ok: met };
  } finally {
    same?.stop();
    await api?.stop();
    await db.drop();
  }
}

export const bench: Bench = { name: 'turn-cpu', run: () => turnCpuBench() };
