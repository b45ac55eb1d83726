import { parseDefinition } from '@wfchat/contracts';
import { parseConfig } from '../config/config.schema.js';
import { startLlmStub } from '../dev/llm-stub.js';
import { sseData } from '../modules/runtime/llm.sse.js';
import { WorkflowRuntime } from '../modules/runtime/runtime.service.js';
import type { TurnInput } from '../modules/runtime/runtime.types.js';
import { ms, now, percentile, printTable, type Bench } from './bench.util.js';

/**
 * What the runtime adds to the time to first token of an `llm` step, compared
 * with a minimal client calling the same stub provider directly (same SSE
 * parser, same connection pool). Both are measured alternately in one run so
 * that machine noise hits both alike. Goal: ≤ 5 ms added at p50.
 */
export interface RuntimeBenchOptions {
  iterations?: number;
  warmup?: number;
  goalAddedP50Ms?: number;
}

const PROMPT = 'How long does it take to get the first token?';

export async function runtimeBench(options: RuntimeBenchOptions = {}): Promise<{ ok: boolean }> {
  const iterations = options.iterations ?? 200;
  const warmup = options.warmup ?? 50;
  const goal = options.goalAddedP50Ms ?? 5;
  const stub = await startLlmStub({ chunkDelayMs: 0 });
  try {
    const config = parseConfig({ LLM_BASE_URL: stub.url, LLM_MODEL: 'bench', DATA_DIR: '/tmp/wfchat-bench' });
    const runtime = new WorkflowRuntime(config);
    const llmDefinition = parseDefinition({
      v: 1,
      nodes: [
        { id: 'l', type: 'llm', config: {} },
        { id: 'r', type: 'reply', config: {} },
      ],
      edges: [{ source: 'l', target: 'r' }],
    });
    const templateDefinition = parseDefinition({
      v: 1,
      nodes: [
        { id: 'c', type: 'condition', config: { on: 'input', matches: '\\bfirst\\b' } },
        { id: 'yes', type: 'template', config: { template: 'You asked: {{input}}' } },
        { id: 'no', type: 'template', config: { template: 'Something else: {{input}}' } },
        { id: 'r', type: 'reply', config: {} },
      ],
      edges: [
        { source: 'c', target: 'yes', when: 'true' },
        { source: 'c', target: 'no', when: 'false' },
        { source: 'yes', target: 'r' },
        { source: 'no', target: 'r' },
      ],
    });
    const turnOf = (definition: TurnInput['definition']): TurnInput => ({
      definition,
      input: PROMPT,
      history: [],
      signal: new AbortController().signal,
    });

    /** Direct: POST the same request the runtime sends, stop at the first content token. */
    const directTtft = async (): Promise<number> => {
      const start = now();
      const controller = new AbortController();
      const response = await fetch(`${stub.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: PROMPT }], stream: true }),
        signal: controller.signal,
      });
      let first = NaN;
      for await (const data of sseData(response.body!)) {
        const content = (JSON.parse(data) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta
          ?.content;
        if (content) {
          first = now() - start;
          break;
        }
      }
      // Read to the end like the runtime does, so both leave the connection reusable.
      if (!response.bodyUsed) await response.text().catch(() => '');
      return first;
    };

    const runtimeTtft = async (): Promise<number> => {
      const start = now();
      let first = NaN;
      for await (const event of runtime.run(turnOf(llmDefinition))) {
        if (event.type === 'text_delta' && Number.isNaN(first)) first = now() - start;
        if (event.type === 'error') throw new Error(`runtime error: ${event.code} ${event.message}`);
      }
      return first;
    };

    const templateTurn = async (): Promise<number> => {
      const start = now();
      let final = NaN;
      for await (const event of runtime.run(turnOf(templateDefinition))) {
        if (event.type === 'final') final = now() - start;
      }
      return final;
    };

    for (let i = 0; i < warmup; i++) {
      await directTtft();
      await runtimeTtft();
      await templateTurn();
    }
    const direct: number[] = [];
    const viaRuntime: number[] = [];
    const template: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // Alternate which goes first so neither always gets the warmer connection.
      if (i % 2 === 0) {
        direct.push(await directTtft());
        viaRuntime.push(await runtimeTtft());
      } else {
        viaRuntime.push(await runtimeTtft());
        direct.push(await directTtft());
      }
      template.push(await templateTurn());
    }

    const d50 = percentile(direct, 50);
    const d99 = percentile(direct, 99);
    const r50 = percentile(viaRuntime, 50);
    const r99 = percentile(viaRuntime, 99);
    const added50 = r50 - d50;
    const added99 = r99 - d99;
    const ok = added50 <= goal;
    console.log(`runtime: ${iterations} iterations after ${warmup} warm-up, stub with zero delay`);
    printTable([
      ['', 'p50', 'p99'],
      ['template turn (to final)', ms(percentile(template, 50)), ms(percentile(template, 99))],
      ['llm TTFT, direct to stub', ms(d50), ms(d99)],
      ['llm TTFT, via runtime', ms(r50), ms(r99)],
      ['added by runtime', ms(added50), ms(added99)],
      ['ratio runtime / direct', `${(r50 / d50).toFixed(2)}x`, `${(r99 / d99).toFixed(2)}x`],
    ]);
    console.log(`  goal: added p50 <= ${goal} ms: ${ok ? 'met' : 'MISSED'}`);
    console.log(
      `BENCH_JSON ${JSON.stringify({
        bench: 'runtime',
        iterations,
        templateTurnP50Ms: percentile(template, 50),
        templateTurnP99Ms: percentile(template, 99),
        directTtftP50Ms: d50,
        directTtftP99Ms: d99,
        runtimeTtftP50Ms: r50,
        runtimeTtftP99Ms: r99,
        addedP50Ms: added50,
        addedP99Ms: added99,
        ratioP50: r50 / d50,
      })}`,
    );
    return { ok };
  } finally {
    await stub.close();
  }
}

export const bench: Bench = { name: 'runtime', run: () => runtimeBench() };
