import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built entry point; src/dev and dist/dev both sit two levels below the package. */
const mainJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

/**
 * The Node flags every start command passes (`npm start`, the Dockerfile, the
 * systemd unit; a test keeps them in step). A stream's objects live from one
 * token to the next (~0.5 s); with V8's default 16 MB semi-space, scavenges
 * under load came often enough to promote them, and the old generation filled
 * with garbage between full collections. See performance.md, round 7.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=32'];

export interface ApiProcess {
  baseUrl: string;
  /** The process id (to read its CPU time and memory from /proc). */
  pid: number;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (null when a signal killed it) once the process is gone. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL): a crash, with no shutdown hooks. */
  kill(): Promise<void>;
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

/**
 * Starts the built product (API + web on one port) as `npm start` does, in a
 * child process, and waits until `/api/healthz` answers. For tests that need
 * real separate processes (several instances, E2E).
 */
export async function startApiProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ApiProcess> {
  if (!fs.existsSync(mainJs)) throw new Error(`${mainJs} is missing: build the API first (npm run build).`);
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...API_NODE_FLAGS, mainJs], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: baseUrl,
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = await Promise.race([exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 100))]);
    if (code !== 'wait') throw new Error(`the API exited with ${code} before it was ready:\n${output}`);
    const ok = await fetch(`${baseUrl}/api/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not become healthy in ${timeoutMs} ms:\n${output}`);
    }
  }
  return {
    baseUrl,
    pid: child.pid!,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
      if (!done) child.kill('SIGKILL');
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
