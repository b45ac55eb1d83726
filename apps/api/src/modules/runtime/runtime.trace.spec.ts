import { describe, expect, it } from 'vitest';
import { chain, collect, runtimeWith, turn } from './runtime.testing.js';
import type { RuntimeEvent } from './runtime.types.js';

const runtime = runtimeWith();

const router = {
  v: 1,
  nodes: [
    { id: 'c', type: 'condition', config: { contains: 'yes' } },
    { id: 'yes', type: 'reply', config: { text: 'YES' } },
    { id: 'no', type: 'reply', config: { text: 'NO' } },
  ],
  edges: [
    { source: 'c', target: 'yes', when: 'true' },
    { source: 'c', target: 'no', when: 'false' },
  ],
};

const steps = (events: RuntimeEvent[]) =>
  events.flatMap((e) => (e.type === 'step' ? [`${e.nodeId}:${e.status}`] : []));

describe('WorkflowRuntime: the step trace', () => {
  it('reports nothing unless the turn asks for it', async () => {
    const events = await collect(runtime.run(turn(router, 'yes')));
    expect(events.some((e) => e.type === 'step')).toBe(false);
  });

  it('reports each step as it starts and ends, and the steps a condition routed around as skipped', async () => {
    for (const [input, expected] of [
      ['yes', ['c:running', 'c:done', 'yes:running', 'yes:done', 'no:skipped']],
      ['no', ['c:running', 'c:done', 'yes:skipped', 'no:running', 'no:done']],
    ] as const) {
      const events = await collect(runtime.run(turn(router, input, { trace: true })));
      expect(steps(events)).toEqual(expected);
    }
  });

  it('a step ends with its duration and whole output; a condition with its outcome', async () => {
    const def = chain(
      { id: 't', type: 'template', config: { template: '<{{input}}>' } },
      { id: 'r', type: 'reply' },
    );
    const events = await collect(runtime.run(turn(def, 'x'.repeat(1000), { trace: true })));
    expect(events.find((e) => e.type === 'step' && e.nodeId === 't' && e.status === 'done')).toEqual({
      type: 'step',
      nodeId: 't',
      nodeType: 'template',
      status: 'done',
      durationMs: expect.any(Number),
      output: `<${'x'.repeat(1000)}>`,
    });
    const routed = await collect(runtime.run(turn(router, 'yes', { trace: true })));
    expect(routed.find((e) => e.type === 'step' && e.nodeId === 'c' && e.status === 'done')).toMatchObject({ output: 'true' });
    // The reply's step ends before the turn's final text.
    const types = routed.map((e) => (e.type === 'step' ? `${e.nodeId}:${e.status}` : e.type));
    expect(types.indexOf('yes:done')).toBeLessThan(types.indexOf('final'));
  });

  it('marks the step that failed, before the turn error, with the same message', async () => {
    const def = chain(
      { id: 't', type: 'template', config: { template: '{{input}}' } },
      { id: 'h', type: 'http', config: { url: 'http://127.0.0.1:9/' } },
      { id: 'r', type: 'reply' },
    );
    const events = await collect(runtime.run(turn(def, 'x', { trace: true })));
    expect(steps(events)).toEqual(['t:running', 't:done', 'h:running', 'h:failed']);
    const failed = events.find((e) => e.type === 'step' && e.status === 'failed');
    const error = events.at(-1)!;
    expect(error.type).toBe('error');
    expect(failed).toMatchObject({ nodeId: 'h', nodeType: 'http', durationMs: expect.any(Number) });
    expect(failed?.type === 'step' && failed.status === 'failed' && failed.error).toBe(
      error.type === 'error' && error.message,
    );
  });
});
