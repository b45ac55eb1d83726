import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Responsiveness<T> {
  /** What the hostile request answered. */
  result: T;
  /** Slowest `GET /api/healthz` answered while the hostile request was in flight. */
  slowestHealthzMs: number;
  healthzCount: number;
  /** Longest time the process's event loop was blocked meanwhile. */
  maxLoopDelayMs: number;
}

/**
 * Runs `hostile` (a request to the in-process app at `baseUrl`) while asking
 * `GET /api/healthz` again and again until it settles. The app shares this
 * process, so a request that blocks the event loop shows both as a slow
 * health check and as a long loop delay; both are reported.
 */
export async function probeWhile<T>(baseUrl: string, hostile: () => Promise<T>): Promise<Responsiveness<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let done = false;
  let slowestHealthzMs = 0;
  let healthzCount = 0;
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/api/healthz`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
      slowestHealthzMs = Math.max(slowestHealthzMs, performance.now() - started);
      healthzCount += 1;
    }
  })();
  let result: T;
  try {
    result = await hostile();
  } finally {
    done = true;
    await probe;
    histogram.disable();
  }
  return { result, slowestHealthzMs, healthzCount, maxLoopDelayMs: histogram.max / 1e6 };
}
