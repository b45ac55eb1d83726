import { bench as chatkitBench } from './chatkit.bench.js';
import { bench as pageBench } from './page.bench.js';
import { bench as runtimeBench } from './runtime.bench.js';
import { bench as streamsBench } from './streams.bench.js';
import { bench as turnCpuBench } from './turn-cpu.bench.js';
import type { Bench } from './bench.util.js';

/**
 * Runs every benchmark in turn: `node apps/api/dist/bench/run.js [name…]`.
 * Add a bench by exporting a `Bench` from `<name>.bench.ts` and listing it here.
 * Exits non-zero when a bench misses its goal.
 */
const benches: Bench[] = [runtimeBench, chatkitBench, turnCpuBench, streamsBench, pageBench];

const wanted = process.argv.slice(2);
let failed = 0;
for (const b of benches) {
  if (wanted.length && !wanted.includes(b.name)) continue;
  console.log(`\n== ${b.name} ==`);
  try {
    const { ok } = await b.run();
    if (!ok) failed += 1;
  } catch (e) {
    failed += 1;
    console.error(`${b.name} failed:`, e);
  }
}
process.exitCode = failed ? 1 : 0;
