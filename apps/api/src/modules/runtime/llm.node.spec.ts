import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, stubEchoReply, stubTokens, STUB_HTML_REPLY, type LlmStub } from '../../dev/llm-stub.js';
import type { RuntimeEvent } from './runtime.types.js';
import { chain, collect, deltasOf, errorOf, finalOf, runtimeWith, turn } from './runtime.testing.js';

let stub: LlmStub;
beforeAll(async () => {
  stub = await startLlmStub({ chunkDelayMs: 1 });
});
afterAll(() => stub.close());

const env = () => ({ LLM_BASE_URL: stub.url, LLM_API_KEY: 'sk-test', LLM_MODEL: 'default-model' });
const llmReply = (config: Record<string, unknown> = {}) =>
  chain({ id: 'l', type: 'llm', config }, { id: 'r', type: 'reply' });

describe('llm step against the stub provider', () => {
  it("the stub's fail-once mode fails a prompt mid-stream the first time only (E2E retry)", async () => {
    const first = await collect(runtimeWith(env()).run(turn(llmReply(), '[[stub:fail-once]] retry me')));
    expect(errorOf(first)).toMatchObject({
      code: 'runtime.llm_failed',
      allowRetry: true,
      partialText: 'Partial answer ',
    });
    const second = await collect(runtimeWith(env()).run(turn(llmReply(), '[[stub:fail-once]] retry me')));
    expect(finalOf(second)).toBe(stubEchoReply('[[stub:fail-once]] retry me'));
  });

  it('streams the tokens straight through as text_deltas, in order, then final', async () => {
    const events = await collect(runtimeWith(env()).run(turn(llmReply(), 'tell me a story please')));
    const expected = stubEchoReply('tell me a story please');
    expect(events[0]).toEqual({ type: 'progress', nodeId: 'l', text: 'Thinking…' });
    const deltas = events.flatMap((e) => (e.type === 'text_delta' ? [e.delta] : []));
    // One delta per streamed token: nothing was buffered into one block.
    expect(deltas).toEqual(stubTokens(expected));
    expect(events.at(-1)).toEqual({ type: 'final', text: expected });
  });

  it("asks for the provider's usage and reports it as one usage event before final", async () => {
    const before = stub.requests.length;
    const events = await collect(runtimeWith(env()).run(turn(llmReply({ system: 'Be kind' }), 'count my tokens')));
    expect(stub.requests[before]!.includeUsage).toBe(true);
    const usage = events.filter((e) => e.type === 'usage');
    // The stub counts a token per prompt word (2 + 3) and one per streamed chunk.
    const completion = stubTokens(stubEchoReply('count my tokens')).length;
    expect(usage).toEqual([{ type: 'usage', tokensIn: 5, tokensOut: completion }]);
    expect(events.at(-1)?.type).toBe('final');
  });

  it('sends model, system prompt, temperature, the bearer key; the prompt is the predecessor output', async () => {
    const def = chain(
      { id: 'q', type: 'template', config: { template: 'Question: {{input}}' } },
      {
        id: 'l',
        type: 'llm',
        config: { model: 'custom-model', system: 'Be brief about {{input}}.', temperature: 0.3 },
      },
      { id: 'r', type: 'reply' },
    );
    const before = stub.requests.length;
    const events = await collect(runtimeWith(env()).run(turn(def, 'cats')));
    expect(finalOf(events)).toBe(stubEchoReply('Question: cats'));
    const req = stub.requests[before]!;
    expect(req.model).toBe('custom-model');
    expect(req.stream).toBe(true);
    expect(req.temperature).toBe(0.3);
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.messages).toEqual([
      { role: 'system', content: 'Be brief about cats.' },
      { role: 'user', content: 'Question: cats' },
    ]);
  });

  it('uses the configured default model, no key header without a key, and history only when asked', async () => {
    const history = [
      { role: 'user' as const, content: 'earlier question' },
      { role: 'assistant' as const, content: 'earlier answer' },
    ];
    const noKey = { LLM_BASE_URL: stub.url, LLM_MODEL: 'default-model' };
    const before = stub.requests.length;
    await collect(runtimeWith(noKey).run(turn(llmReply({ history: true }), 'now', { history })));
    await collect(runtimeWith(noKey).run(turn(llmReply(), 'now', { history })));
    const [withHistory, without] = stub.requests.slice(before);
    expect(withHistory!.model).toBe('default-model');
    expect(withHistory!.headers.authorization).toBeUndefined();
    expect(withHistory!.messages).toEqual([...history, { role: 'user', content: 'now' }]);
    expect(without!.messages).toEqual([{ role: 'user', content: 'now' }]);
  });

  it('keeps the connection to the provider from one turn to the next', async () => {
    const runtime = runtimeWith(env());
    await collect(runtime.run(turn(llmReply(), 'warm the pool')));
    const before = stub.connections;
    for (const prompt of ['one', 'two', 'three']) {
      expect(finalOf(await collect(runtime.run(turn(llmReply(), prompt))))).toBe(stubEchoReply(prompt));
    }
    expect(stub.connections).toBe(before);
  });

  it('a provider that does not end its answer after [DONE] does not hold the turn', async () => {
    const started = performance.now();
    const events = await collect(runtimeWith(env()).run(turn(llmReply(), '[[stub:linger]] are you done')));
    expect(finalOf(events)).toBe(stubEchoReply('[[stub:linger]] are you done'));
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('buffers when the llm does not feed the reply directly: one delta with the whole text', async () => {
    const def = chain(
      { id: 'l', type: 'llm' },
      { id: 't', type: 'template', config: { template: '<<{{nodes.l.output}}>>' } },
      { id: 'r', type: 'reply' },
    );
    const events = await collect(runtimeWith(env()).run(turn(def, 'wrap me')));
    const deltas = events.filter((e) => e.type === 'text_delta');
    expect(deltas).toEqual([{ type: 'text_delta', delta: `<<${stubEchoReply('wrap me')}>>` }]);
    expect(finalOf(events)).toBe(`<<${stubEchoReply('wrap me')}>>`);
  });

  it('relays markup untouched (escaping is the renderer’s job)', async () => {
    const events = await collect(runtimeWith(env()).run(turn(llmReply({ model: 'stub-html' }), 'x')));
    expect(finalOf(events)).toBe(STUB_HTML_REPLY);
  });

  it('aborting the turn aborts the upstream request: the stub sees the client go away', async () => {
    const controller = new AbortController();
    const abortedBefore = stub.aborted;
    const events: RuntimeEvent[] = [];
    for await (const event of runtimeWith(env()).run(
      turn(llmReply({ model: 'stub-hang' }), 'x', { signal: controller.signal }),
    )) {
      events.push(event);
      // The stub never finishes: getting this delta proves tokens flow before the answer ends.
      if (event.type === 'text_delta') controller.abort();
    }
    await stub.waitForAborted(abortedBefore + 1);
    expect(stub.aborted).toBe(abortedBefore + 1);
    expect(deltasOf(events)).toBe('Hold on');
    expect(errorOf(events)).toMatchObject({ code: 'runtime.cancelled', partialText: 'Hold on' });
  });

  it('the turn time limit also aborts the upstream request', async () => {
    const abortedBefore = stub.aborted;
    const events = await collect(
      runtimeWith(env(), { turnTimeoutMs: 300 }).run(turn(llmReply({ model: 'stub-hang' }), 'x')),
    );
    expect(errorOf(events)).toMatchObject({ code: 'runtime.timeout', allowRetry: true, partialText: 'Hold on' });
    await stub.waitForAborted(abortedBefore + 1);
  });

  it('output over the turn limit stops the stream, keeps what was sent, and releases the upstream', async () => {
    const abortedBefore = stub.aborted;
    const events = await collect(
      runtimeWith(env(), { maxOutputBytes: 40 }).run(
        turn(llmReply({ model: 'stub-slow' }), 'one two three four five six seven eight nine ten'),
      ),
    );
    expect(errorOf(events)).toMatchObject({ code: 'runtime.output_too_large', partialText: deltasOf(events) });
    expect(deltasOf(events).length).toBeGreaterThan(0);
    expect(deltasOf(events).length).toBeLessThanOrEqual(40);
    await stub.waitForAborted(abortedBefore + 1);
  });

  it('a mid-stream failure ends with a readable, retryable error that keeps the partial text', async () => {
    const events = await collect(runtimeWith(env()).run(turn(llmReply({ model: 'stub-fail-midstream' }), 'x')));
    expect(deltasOf(events)).toBe('Partial answer ');
    expect(events.some((e) => e.type === 'final')).toBe(false);
    expect(errorOf(events)).toEqual({
      type: 'error',
      code: 'runtime.llm_failed',
      message: expect.stringMatching(/language model stopped answering/),
      allowRetry: true,
      partialText: 'Partial answer ',
    });
  });

  it('a provider error status is a readable, retryable error with no partial text', async () => {
    const events = await collect(runtimeWith(env()).run(turn(llmReply({ model: 'stub-error' }), 'x')));
    expect(errorOf(events)).toMatchObject({
      code: 'runtime.llm_failed',
      allowRetry: true,
      partialText: '',
      message: expect.stringContaining('HTTP 500'),
    });
  });

  it('the mode can also be picked by a directive in the prompt', async () => {
    const events = await collect(runtimeWith(env()).run(turn(llmReply(), 'please [[stub:error]]')));
    expect(errorOf(events)?.code).toBe('runtime.llm_failed');
  });

  it('an unreachable provider is a readable error', async () => {
    const dead = await startLlmStub();
    const url = dead.url;
    await dead.close();
    const events = await collect(runtimeWith({ LLM_BASE_URL: url }).run(turn(llmReply(), 'x')));
    expect(errorOf(events)).toMatchObject({
      code: 'runtime.llm_failed',
      message: expect.stringContaining('could not be reached'),
    });
  });

  it('no provider configured: runtime.llm_not_configured, not retryable', async () => {
    const events = await collect(runtimeWith({}).run(turn(llmReply(), 'x')));
    expect(events).toEqual([
      {
        type: 'error',
        code: 'runtime.llm_not_configured',
        message: expect.stringContaining('language model'),
        allowRetry: false,
        partialText: '',
      },
    ]);
  });
});
