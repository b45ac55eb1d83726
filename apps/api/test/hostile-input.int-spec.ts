import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input } from './support/chatkit.js';
import { probeWhile } from './support/responsiveness.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Author- and visitor-controlled text must never block the event loop: while a
 * hostile request is processed, `GET /api/healthz` keeps answering within a
 * second. Sizes are chosen so that the former backtracking code blocked for
 * several seconds (minutes at the sizes the limits allow).
 */
let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;

beforeAll(async () => {
  t = await startTestApp();
  ck = chatkitClient(t.baseUrl);
  ({ cookie } = await ck.owner());
  // Warm up (first save, first turn) so that the probes measure the hostile input, not a cold start.
  const warm = await ck.canvasToken(cookie, await ck.workflow(cookie));
  await ck.call(warm, 'threads.create', { input: input('warm up') });
});
afterAll(() => t?.close());

const RESPONSIVE_MS = 1_000;

function expectResponsive(probe: { slowestHealthzMs: number; maxLoopDelayMs: number; healthzCount: number }) {
  const seen = JSON.stringify(probe, (key, value) => (key === 'result' ? undefined : value));
  expect(probe.healthzCount, seen).toBeGreaterThan(0);
  expect(probe.slowestHealthzMs, seen).toBeLessThan(RESPONSIVE_MS);
  expect(probe.maxLoopDelayMs, seen).toBeLessThan(RESPONSIVE_MS);
}

const replyText = (events: { type: string; [k: string]: any }[]) =>
  events
    .filter((e) => e.type === 'thread.item.updated' && e.update?.type === 'assistant_message.content_part.text_delta')
    .map((e) => e.update.delta)
    .join('');

describe('hostile templates', () => {
  // "{{" followed by spaces and no closing braces: the old placeholder pattern
  // took ~6 s for 2,000 spaces (cubic), and minutes for 20,000.
  const hostileTemplate = `{{${' '.repeat(2_000)}x`;
  const definition = {
    v: 1,
    nodes: [
      { id: 't', type: 'template', config: { template: hostileTemplate } },
      { id: 'r', type: 'reply', config: { text: `${hostileTemplate}{{nodes.t.output}}` } },
    ],
    edges: [{ source: 't', target: 'r' }],
  };

  it('saves such a template without blocking the process', async () => {
    const probe = await probeWhile(t.baseUrl, () =>
      ck.api.post('/workflows', { name: 'Hostile', definition }, { cookie }),
    );
    expect(probe.result.status).toBe(201);
    expectResponsive(probe);
  });

  it('runs such a template in a turn without blocking the process, rendering it literally', async () => {
    const wf = await ck.workflow(cookie, definition as never);
    const token = await ck.canvasToken(cookie, wf);
    const probe = await probeWhile(t.baseUrl, () => ck.call(token, 'threads.create', { input: input('hi') }));
    expect(probe.result.status).toBe(200);
    expect(replyText(probe.result.events)).toBe(hostileTemplate + hostileTemplate);
    expectResponsive(probe);
  });
});

describe('hostile condition patterns', () => {
  // Catastrophic backtracking in a backtracking engine: 2^n steps for n word characters.
  const pattern = '^(\\w+\\s?)*$';
  const definition = {
    v: 1,
    nodes: [
      { id: 'c', type: 'condition', config: { on: 'input', matches: pattern } },
      { id: 'yes', type: 'reply', config: { text: 'matched' } },
      { id: 'no', type: 'reply', config: { text: 'no match' } },
    ],
    edges: [
      { source: 'c', target: 'yes', when: 'true' },
      { source: 'c', target: 'no', when: 'false' },
    ],
  };

  it('tests a visitor message against a backtracking-prone pattern without blocking the process', async () => {
    const wf = await ck.workflow(cookie, definition as never);
    const token = await ck.canvasToken(cookie, wf);
    const message = `${'a'.repeat(29)}!`;
    const probe = await probeWhile(t.baseUrl, () => ck.call(token, 'threads.create', { input: input(message) }));
    expect(probe.result.status).toBe(200);
    expect(replyText(probe.result.events)).toBe('no match');
    expectResponsive(probe);
    // The same pattern still matches what it should (case-insensitively, as before).
    const ok = await ck.call(token, 'threads.create', { input: input('Hello World') });
    expect(replyText(ok.events)).toBe('matched');
  });

  it.each([
    ['(a)\\1', /back-?reference/i],
    ['foo(?=bar)', /look-?ahead|lookaround/i],
    ['(?<!x)y', /look-?behind|lookaround/i],
  ])('refuses %s at save with a path error a person understands', async (matches, message) => {
    const bad = structuredClone(definition);
    bad.nodes[0]!.config = { on: 'input', matches };
    const res = await ck.api.post('/workflows', { name: 'Bad pattern', definition: bad }, { cookie });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('workflow.invalid_definition');
    expect(res.body.issues).toEqual([{ path: 'nodes.0.config.matches', message: expect.stringMatching(message) }]);
  });
});

describe('chat message bounds', () => {
  let token: string;
  // Distinct texts, so that no call looks like a replay of the previous one.
  let sent = 0;
  const hello = () => `hello ${++sent}`;
  beforeAll(async () => {
    token = await ck.canvasToken(cookie, await ck.workflow(cookie));
  });

  const tag = (over: Record<string, unknown>) => ({
    content: [
      { type: 'input_text', text: hello() },
      { type: 'input_tag', id: 'tag', text: 'Tag', ...over },
    ],
    attachments: [],
    inference_options: {},
  });

  it('answers 413 request.too_large for a message whose input_tag data is over 16 KB', async () => {
    const res = await ck.call(token, 'threads.create', { input: tag({ data: { blob: 'x'.repeat(20_000) } }) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('request.too_large');
    expect(res.body.message).toMatch(/16 KB/);
  });

  it('answers 413 for oversized request metadata too (unknown inference options are dropped)', async () => {
    const options = { ...input(hello()), inference_options: { tool_choice: { id: 'x' }, model: 'm', extra: 'y' } };
    expect((await ck.call(token, 'threads.create', { input: options })).status).toBe(200);
    const res = await ck.fetchChatkit(token, {
      type: 'threads.create',
      params: { input: input(hello()) },
      metadata: { blob: 'x'.repeat(20_000) },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('request.too_large');
  });

  it.each([
    ['input_tag id', { input: tag({ id: 'i'.repeat(300) }) }, 'input.content.1.id'],
    [
      'inference model',
      { input: { ...input(hello()), inference_options: { model: 'm'.repeat(300) } } },
      'input.inference_options.model',
    ],
    [
      'tool choice id',
      { input: { ...input(hello()), inference_options: { tool_choice: { id: 't'.repeat(300) } } } },
      'input.inference_options.tool_choice.id',
    ],
    ['attachment id', { input: { ...input(hello()), attachments: ['a'.repeat(300)] } }, 'input.attachments.0'],
  ])('answers 400 request.invalid for an over-long %s', async (_what, params, path) => {
    const res = await ck.call(token, 'threads.create', params);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.invalid');
    expect(JSON.stringify(res.body)).toContain(path);
  });

  it('still accepts a message with the largest allowed text and a small tag', async () => {
    const text = 'é'.repeat(7_990);
    const res = await ck.call(token, 'threads.create', {
      input: { ...tag({ data: { id: 42 } }), content: [{ type: 'input_text', text }, tag({}).content[1]] },
    });
    expect(res.status).toBe(200);
  });
});
