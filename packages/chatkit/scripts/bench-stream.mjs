// Benchmark (not a test): streams a 64 KB Markdown answer into the built-in
// element in Chromium, once the chat is on the page and idle, and prints the
// longest main-thread task, which should stay under 50 ms (one dropped frame
// budget a user would notice).
// Long tasks are wall-clock time, which a busy machine stretches; the trace's
// thread time (CPU the main thread spent in each task) is printed beside them
// and is what to compare on a shared machine.
//
//   node scripts/bench-stream.mjs [--kb 64] [--chromium /usr/bin/chromium] [--verbose]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { chromium } from 'playwright';

const { values: args } = parseArgs({
  options: { kb: { type: 'string', default: '64' }, chromium: { type: 'string', default: '/usr/bin/chromium' }, verbose: { type: 'boolean' } },
});
const entry = fileURLToPath(new URL('../src/element/register-builtin-chatkit.ts', import.meta.url));
const bundled = await build({
  configFile: false,
  logLevel: 'silent',
  build: { write: false, minify: true, lib: { entry, formats: ['iife'], name: 'ChatKitBench', fileName: 'bench' } },
});
const code = bundled[0].output[0].code;

/** About 64 KB of what an LLM writes: prose, lists, a table, code. */
function answer() {
  const section = (i) =>
    `## Section ${i}\n\nThe **plan** has a few [parts](https://example.com/${i}) and *some* \`inline code\`; ` +
    'it continues for a while so that paragraphs are as long as real answers tend to be.\n\n' +
    `- first point ${i}\n- second point with **bold**\n- [ ] an open task\n\n` +
    '| Name | Value | Note |\n|---|---:|---|\n' +
    Array.from({ length: 6 }, (_, r) => `| row ${r} | ${r * i} | *ok* |`).join('\n') +
    '\n\n```ts\n' + `const value${i} = compute(${i});\nconsole.log(value${i});\n` + '```\n\n';
  let text = '';
  for (let i = 1; text.length < Number(args.kb) * 1024; i++) text += section(i);
  return text;
}

const text = answer();
const browser = await chromium.launch({ executablePath: args.chromium });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.setContent('<!doctype html><html><body style="height:800px;margin:0"></body></html>');
await page.addScriptTag({ content: code });
// The chat is on the page and idle before the answer comes, as when a visitor types a question:
// what is measured is the answer, not the element's start.
await page.evaluate(async () => {
  window.ChatKitBench.registerBuiltinChatKit();
  const el = document.createElement('openai-chatkit');
  document.body.append(el);
  el.setOptions({ api: { url: '/bench', fetch: (...args) => window.benchFetch(...args), domainKey: 'bench' } });
  await new Promise((resolve) => setTimeout(resolve, 1500));
});
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });

const result = await page.evaluate(async (text) => {
  const tasks = [];
  new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => [entry.startTime, entry.duration]))).observe({ type: 'longtask' });
  const encoder = new TextEncoder();
  const sse = (event) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`);
  const item = (content) => ({ id: 'msg_a', thread_id: 'thr', created_at: '2025-01-01T00:00:00Z', type: 'assistant_message', content });
  const fetch = async () => {
    const body = new ReadableStream({
      async start(controller) {
        controller.enqueue(sse({ type: 'thread.created', thread: { id: 'thr', created_at: '2025-01-01T00:00:00Z', status: { type: 'active' } } }));
        controller.enqueue(sse({ type: 'thread.item.added', item: item([]) }));
        // ~4-character tokens, 40 per network chunk, as a fast model sends them.
        for (let at = 0; at < text.length; ) {
          for (let n = 0; n < 40 && at < text.length; n++, at += 4) {
            controller.enqueue(sse({ type: 'thread.item.updated', item_id: 'msg_a', update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: text.slice(at, at + 4) } }));
          }
          await new Promise((resolve) => setTimeout(resolve, 4));
        }
        controller.enqueue(sse({ type: 'thread.item.done', item: item([{ type: 'output_text', text, annotations: [] }]) }));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  };
  window.benchFetch = fetch;
  const el = document.querySelector('openai-chatkit');
  const started = performance.now();
  const ended = new Promise((resolve) => el.addEventListener('chatkit.response.end', resolve, { once: true }));
  await el.sendUserMessage({ text: 'Write a long answer' });
  await ended;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    ms: performance.now() - started,
    tables: el.shadowRoot.querySelectorAll('table').length,
    longTasks: tasks.length,
    longest: Math.max(0, ...tasks.map((task) => task[1])),
    top: tasks.sort((a, b) => b[1] - a[1]).slice(0, 5).map(([at, d]) => `${d.toFixed(0)} ms at ${(at - started).toFixed(0)}`),
  };
}, text);
// Thread time of every main-thread task during the run (microseconds in the trace).
const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
const events = trace.traceEvents ?? trace;
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const tasks = events.filter(
  (e) => e.name === 'RunTask' && e.ph === 'X' && (!main || (e.pid === main.pid && e.tid === main.tid)) && typeof e.tdur === 'number',
);
const cpu = tasks.map((e) => e.tdur / 1000);
if (args.verbose && tasks.length) {
  const t0 = tasks[0].ts;
  const span = (tasks.at(-1).ts - t0) / 1000;
  const top = [...tasks].sort((a, b) => b.tdur - a.tdur).slice(0, 5);
  console.log(`CPU top tasks (of a ${span.toFixed(0)} ms run):`, top.map((e) => `${(e.tdur / 1000).toFixed(0)} ms at ${((e.ts - t0) / 1000).toFixed(0)}`));
}
await browser.close();

if (args.verbose) console.log(result.top);
console.log(
  `streamed answer of ${(text.length / 1024).toFixed(0)} KB (${result.tables} tables): ` +
    `${result.ms.toFixed(0)} ms end to end, ${result.longTasks} tasks over 50 ms, longest task ${result.longest.toFixed(0)} ms; ` +
    `main-thread CPU: ${cpu.filter((ms) => ms > 50).length} tasks over 50 ms, longest ${Math.max(0, ...cpu).toFixed(0)} ms, ` +
    `p99 ${(cpu.sort((a, b) => a - b)[Math.floor(cpu.length * 0.99)] ?? 0).toFixed(1)} ms of ${cpu.length} tasks`,
);
