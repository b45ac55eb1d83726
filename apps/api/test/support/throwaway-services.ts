import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './test-app.js';

/**
 * PostgreSQL and Redis servers of a test's own, on free ports, that the test
 * may stop and start again (outage drills). Never the machine's shared ones.
 */

const run = promisify(execFile);

/**
 * Servers still running when the test process exits (a hook timed out, the
 * run was interrupted) are stopped then, synchronously, so none outlive it.
 */
const leftovers = new Set<() => void>();
process.once('exit', () => {
  for (const stop of leftovers) {
    try {
      stop();
    } catch {
      // Already gone.
    }
  }
});

/** True once something accepts TCP connections on the port. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface ThrowawayPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** Fast shutdown: open connections are terminated. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  destroy(): Promise<void>;
}

/** PostgreSQL refuses to run as root; there, its tools run as the `postgres` account. */
function pgCommand(bindir: string, tool: string, args: string[]): [string, string[]] {
  const command = path.join(bindir, tool);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

const runPg = (bindir: string, tool: string, args: string[]) => run(...pgCommand(bindir, tool, args));

/** A throwaway cluster from Debian's `initdb`/`pg_ctl` (found with `pg_config --bindir`). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bindir = (await run('pg_config', ['--bindir'])).stdout.trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-pg-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await run('id', ['-u', 'postgres']).then(async (u) => ({
      uid: Number(u.stdout),
      gid: Number((await run('id', ['-g', 'postgres'])).stdout),
    }));
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  await runPg(bindir, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const pgCtl = (...args: string[]) => runPg(bindir, 'pg_ctl', ['-D', data, ...args]);
  const pg: ThrowawayPostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgCtl('-o', options, '-l', path.join(dir, 'log'), '-w', 'start');
    },
    async stop() {
      await pgCtl('-m', 'fast', '-w', 'stop');
    },
    async destroy() {
      leftovers.delete(stopNow);
      await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  const stopNow = () => {
    execFileSync(...pgCommand(bindir, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  leftovers.add(stopNow);
  await pg.start();
  return pg;
}

export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL): clients see their connections drop. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void;
  resume(): void;
  destroy(): Promise<void>;
}

/** `redis-server` on a free port, without persistence. */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: ThrowawayRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      await until(`redis on ${port}`, () => accepting(port));
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
      child = null;
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async destroy() {
      leftovers.delete(stopNow);
      redis.resume();
      await redis.stop();
    },
  };
  const stopNow = () => void child?.kill('SIGKILL');
  leftovers.add(stopNow);
  await redis.start();
  return redis;
}

/** Polls `probe` until it is true; resolves with the milliseconds that took. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  await until(what, () => probe().catch(() => false), timeoutMs);
  return Date.now() - started;
}
