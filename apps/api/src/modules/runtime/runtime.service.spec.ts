import { defaultDefinition, demoDefinition } from '@wfchat/contracts';
import { describe, expect, it } from 'vitest';
import { chain, collect, errorOf, finalOf, runtimeWith, turn } from './runtime.testing.js';

const runtime = runtimeWith();

describe('WorkflowRuntime: template, condition, reply', () => {
  it('renders a template into the reply: one delta, then final', async () => {
    const events = await collect(
      runtime.run(
        turn(
          chain(
            { id: 't', type: 'template', config: { template: 'You said: {{ input }}' } },
            { id: 'r', type: 'reply' },
          ),
          'hi',
        ),
      ),
    );
    expect(events).toEqual([
      { type: 'text_delta', delta: 'You said: hi' },
      { type: 'final', text: 'You said: hi' },
    ]);
  });

  it('passes outputs along with {{nodes.<id>.output}}', async () => {
    const def = chain(
      { id: 'a', type: 'template', config: { template: '[{{input}}]' } },
      { id: 'b', type: 'template', config: { template: '{{nodes.a.output}}+{{nodes.a.output}}' } },
      { id: 'r', type: 'reply', config: { text: 'a={{nodes.a.output}} b={{nodes.b.output}}' } },
    );
    expect(finalOf(await collect(runtime.run(turn(def, 'x'))))).toBe('a=[x] b=[x]+[x]');
  });

  it('a reply without text shows its predecessor output; with no predecessor, the input', async () => {
    expect(finalOf(await collect(runtime.run(turn(chain({ id: 'r', type: 'reply' }), 'just me'))))).toBe('just me');
  });

  it('an empty reply still ends with final and no delta', async () => {
    const events = await collect(runtime.run(turn(chain({ id: 'r', type: 'reply', config: { text: '' } }), 'x')));
    expect(events).toEqual([{ type: 'final', text: '' }]);
  });

  const router = (config: Record<string, unknown>) => ({
    v: 1,
    nodes: [
      { id: 'c', type: 'condition', config },
      { id: 'yes', type: 'template', config: { template: 'YES' } },
      { id: 'no', type: 'template', config: { template: 'NO' } },
      { id: 'r', type: 'reply', config: {} },
    ],
    edges: [
      { source: 'c', target: 'yes', when: 'true' },
      { source: 'c', target: 'no', when: 'false' },
      { source: 'yes', target: 'r' },
      { source: 'no', target: 'r' },
    ],
  });

  it.each([
    [{ contains: 'PRICE' }, 'what is the price?', 'YES'],
    [{ contains: 'price' }, 'hours?', 'NO'],
    [{ equals: 'Yes' }, '  yes ', 'YES'],
    [{ equals: 'yes' }, 'yes please', 'NO'],
    [{ matches: '^\\d+$' }, '1234', 'YES'],
    [{ matches: '^\\d+$' }, '12a', 'NO'],
    [{ matches: 'hello', on: 'input' }, 'HELLO there', 'YES'],
  ])('condition %j on %j takes the %s branch', async (config, input, expected) => {
    const events = await collect(runtime.run(turn(router(config), input)));
    expect(finalOf(events)).toBe(expected);
  });

  it('a condition tests its predecessor output by default, or a named node', async () => {
    const def = (on?: string) => ({
      v: 1,
      nodes: [
        { id: 'a', type: 'template', config: { template: 'alpha' } },
        { id: 'b', type: 'template', config: { template: 'beta {{input}}' } },
        { id: 'c', type: 'condition', config: on ? { on, contains: 'alpha' } : { contains: 'alpha' } },
        { id: 'yes', type: 'template', config: { template: 'saw alpha' } },
        { id: 'r', type: 'reply', config: {} },
      ],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'yes', when: 'true' },
        { source: 'c', target: 'r', when: 'false' },
        { source: 'yes', target: 'r' },
      ],
    });
    // Default subject is b's output ("beta …"), which lacks "alpha": the false edge, which passes the subject on.
    expect(finalOf(await collect(runtime.run(turn(def(), 'q'))))).toBe('beta q');
    expect(finalOf(await collect(runtime.run(turn(def('a'), 'q'))))).toBe('saw alpha');
  });

  it('skips the branch not taken: its outputs are empty in later templates', async () => {
    const def = {
      v: 1,
      nodes: [
        { id: 'c', type: 'condition', config: { contains: 'x' } },
        { id: 'y', type: 'template', config: { template: 'took-y' } },
        { id: 'n', type: 'template', config: { template: 'took-n' } },
        { id: 'r', type: 'reply', config: { text: '[{{nodes.y.output}}|{{nodes.n.output}}]' } },
      ],
      edges: [
        { source: 'c', target: 'y', when: 'true' },
        { source: 'c', target: 'n', when: 'false' },
        { source: 'y', target: 'r' },
        { source: 'n', target: 'r' },
      ],
    };
    expect(finalOf(await collect(runtime.run(turn(def, 'x'))))).toBe('[took-y|]');
    expect(finalOf(await collect(runtime.run(turn(def, 'z'))))).toBe('[|took-n]');
  });

  it('errors readably when a condition routes around every reply', async () => {
    const def = {
      v: 1,
      nodes: [
        { id: 'c', type: 'condition', config: { contains: 'x' } },
        { id: 'r', type: 'reply', config: {} },
      ],
      edges: [{ source: 'c', target: 'r', when: 'true' }],
    };
    const events = await collect(runtime.run(turn(def, 'nope')));
    expect(events).toHaveLength(1);
    expect(errorOf(events)).toMatchObject({
      code: 'runtime.internal',
      message: expect.stringContaining('without a reply'),
    });
  });

  it('runs the default definition and both demos offline', async () => {
    expect(finalOf(await collect(runtime.run(turn(defaultDefinition(), 'hello'))))).toContain('hello');
    const demo = demoDefinition({ withLlm: false });
    expect(finalOf(await collect(runtime.run(turn(demo, 'How much is it?'))))).toContain('9 EUR');
    expect(finalOf(await collect(runtime.run(turn(demo, 'When are you open?'))))).toContain('Monday to Friday');
    expect(finalOf(await collect(runtime.run(turn(demo, 'Do you ship to Mars?'))))).toContain('Do you ship to Mars?');
    // With an LLM step but no provider configured, the fallback branch fails readably; the others still work.
    const withLlm = demoDefinition({ withLlm: true });
    expect(finalOf(await collect(runtime.run(turn(withLlm, 'pricing please'))))).toContain('9 EUR');
    expect(errorOf(await collect(runtime.run(turn(withLlm, 'Do you ship to Mars?'))))?.code).toBe(
      'runtime.llm_not_configured',
    );
  });
});

describe('WorkflowRuntime: limits and failures', () => {
  it('stops after maxSteps with runtime.too_many_steps', async () => {
    const nodes = Array.from({ length: 60 }, (_, i) => ({
      id: `n${i}`,
      type: 'template',
      config: { template: `{{input}}` },
    }));
    const events = await collect(runtimeWith({}, {}).run(turn(chain(...nodes, { id: 'r', type: 'reply' }), 'x')));
    expect(events).toEqual([
      expect.objectContaining({ type: 'error', code: 'runtime.too_many_steps', allowRetry: false, partialText: '' }),
    ]);
    // 49 templates + reply = 50 steps: exactly at the limit still answers.
    const ok = await collect(runtimeWith().run(turn(chain(...nodes.slice(0, 49), { id: 'r', type: 'reply' }), 'x')));
    expect(finalOf(ok)).toBe('x');
  });

  it('stops when the output grows past maxOutputBytes with runtime.output_too_large', async () => {
    const big = runtimeWith({}, { maxOutputBytes: 1000 });
    const def = chain(
      { id: 'a', type: 'template', config: { template: '{{input}}{{input}}' } },
      { id: 'b', type: 'template', config: { template: '{{nodes.a.output}}{{nodes.a.output}}' } },
      { id: 'r', type: 'reply' },
    );
    expect(finalOf(await collect(big.run(turn(def, 'x'.repeat(100)))))).toHaveLength(400);
    const events = await collect(big.run(turn(def, 'x'.repeat(200))));
    expect(errorOf(events)).toMatchObject({ code: 'runtime.output_too_large', message: expect.stringContaining('KB') });
    expect(events.some((e) => e.type === 'text_delta')).toBe(false);
  });

  it('ends with runtime.cancelled when the visitor aborts before the turn', async () => {
    const controller = new AbortController();
    controller.abort();
    const events = await collect(
      runtime.run(turn(chain({ id: 'r', type: 'reply' }), 'x', { signal: controller.signal })),
    );
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'runtime.cancelled' })]);
  });

  it('never throws out of run(), even for an unexpected failure', async () => {
    const broken = turn(chain({ id: 'r', type: 'reply' }), 'x');
    // Simulate corrupted state: a definition object whose nodes cannot be iterated.
    Object.defineProperty(broken.definition, 'nodes', {
      get: () => {
        throw new Error('boom');
      },
    });
    const events = await collect(runtime.run(broken));
    expect(errorOf(events)).toMatchObject({ code: 'runtime.internal', allowRetry: true });
  });
});
