import type { TWorkflowDefinitionInput } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input } from './support/chatkit.js';
import type { SseEvent } from './support/sse.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The run trace of the Canvas test chat: a ChatKit `workflow` item whose tasks
 * are the steps as they run, and `canvas.run_status` effects for the page.
 * Only the author's canvas token that asks for it (`?trace=1`) gets one.
 */
let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;

const branching: TWorkflowDefinitionInput = {
  v: 1,
  nodes: [
    { id: 'ask', type: 'template', config: { template: 'Order: {{input}}' } },
    { id: 'is_refund', type: 'condition', config: { on: 'input', contains: 'refund' } },
    { id: 'refund', type: 'reply', config: { text: 'Refunds take five days.' } },
    { id: 'other', type: 'reply', config: {} },
  ],
  edges: [
    { source: 'ask', target: 'is_refund' },
    { source: 'is_refund', target: 'refund', when: 'true' },
    { source: 'is_refund', target: 'other', when: 'false' },
  ],
};

// Private addresses are refused for http steps by default: a deterministic failing step.
const failing: TWorkflowDefinitionInput = {
  v: 1,
  nodes: [
    { id: 'ask', type: 'template', config: { template: '{{input}}' } },
    { id: 'lookup', type: 'http', config: { url: 'http://127.0.0.1:9/orders' } },
    { id: 'answer', type: 'reply', config: {} },
  ],
  edges: [
    { source: 'ask', target: 'lookup' },
    { source: 'lookup', target: 'answer' },
  ],
};

const TRACE = { query: '?trace=1' };
const traceEvents = (events: SseEvent[]) =>
  events.filter(
    (e) =>
      (e.type.startsWith('thread.item.') && e.item?.type === 'workflow') ||
      e.type === 'client_effect' ||
      (e.type === 'thread.item.updated' && String(e.update.type).startsWith('workflow.')),
  );
const lastRunStatus = (events: SseEvent[]) => events.filter((e) => e.type === 'client_effect').at(-1)?.data.nodes;

beforeAll(async () => {
  t = await startTestApp();
  ck = chatkitClient(t.baseUrl);
  ({ cookie } = await ck.owner());
});
afterAll(() => t?.close());

describe('the Canvas test chat with ?trace=1', () => {
  it('streams a workflow item with a task per step that ran, before the answer, and keeps it in the thread', async () => {
    const wf = await ck.workflow(cookie, branching);
    const token = await ck.canvasToken(cookie, wf);
    const res = await ck.call(token, 'threads.create', { input: input('I want a refund') }, TRACE);
    expect(res.status).toBe(200);
    const types = res.events.map((e) => (e.type === 'thread.item.updated' ? e.update.type : `${e.type}:${e.item?.type ?? ''}`));

    const added = res.events.find((e) => e.type === 'thread.item.added' && e.item.type === 'workflow')!;
    expect(added.item).toMatchObject({
      id: expect.stringMatching(/^wf_/),
      workflow: { type: 'custom', tasks: [], expanded: false },
    });
    // The trace opens before the answer, and is done before the answer is.
    expect(types.indexOf('thread.item.added:workflow')).toBeLessThan(types.indexOf('thread.item.added:assistant_message'));
    expect(types.indexOf('thread.item.done:workflow')).toBeLessThan(types.indexOf('thread.item.done:assistant_message'));

    const updates = res.events.filter((e) => e.type === 'thread.item.updated' && e.item_id === added.item.id);
    expect(updates.map((e) => `${e.update.type}#${e.update.task_index}`)).toEqual([
      'workflow.task.added#0',
      'workflow.task.updated#0',
      'workflow.task.added#1',
      'workflow.task.updated#1',
      'workflow.task.added#2',
      'workflow.task.updated#2',
    ]);
    expect(updates[0]!.update.task).toEqual({ type: 'custom', title: 'ask (template)', status_indicator: 'loading' });

    const done = res.events.find((e) => e.type === 'thread.item.done' && e.item.type === 'workflow')!;
    const tasks = done.item.workflow.tasks;
    expect(tasks.map((task: { title: string }) => task.title)).toEqual([
      'ask (template)',
      'is_refund (condition)',
      'refund (reply)',
    ]);
    expect(tasks.every((task: { status_indicator: string }) => task.status_indicator === 'complete')).toBe(true);
    expect(tasks[0].content).toMatch(/^\d+ ms · Order: I want a refund$/);
    expect(tasks[1].content).toMatch(/^\d+ ms · true$/);
    expect(done.item.workflow.summary).toEqual({ duration: expect.any(Number) });

    expect(lastRunStatus(res.events)).toEqual({
      ask: { status: 'done', durationMs: expect.any(Number) },
      is_refund: { status: 'done', durationMs: expect.any(Number) },
      refund: { status: 'done', durationMs: expect.any(Number) },
      other: { status: 'skipped' },
    });

    // Kept in the thread, between the question and the answer, as it ended.
    const threadId = res.events[0]!.thread.id;
    const items = await ck.call(token, 'items.list', { thread_id: threadId, order: 'asc' });
    expect(items.body.data.map((i: { type: string }) => i.type)).toEqual(['user_message', 'workflow', 'assistant_message']);
    expect(items.body.data[1]).toEqual(done.item);

    // The next turn still answers: a trace in the thread is not part of the history.
    const next = await ck.call(token, 'threads.add_user_message', { thread_id: threadId, input: input('hello') }, TRACE);
    expect(next.status).toBe(200);
    expect(lastRunStatus(next.events)).toMatchObject({ is_refund: { status: 'done' }, other: { status: 'done' }, refund: { status: 'skipped' } });
  });

  it('marks the failing step, and the error still reaches the chat', async () => {
    const wf = await ck.workflow(cookie, failing);
    const token = await ck.canvasToken(cookie, wf);
    const res = await ck.call(token, 'threads.create', { input: input('order 42') }, TRACE);
    expect(res.status).toBe(200);

    const done = res.events.find((e) => e.type === 'thread.item.done' && e.item.type === 'workflow')!;
    const [ask, lookup] = done.item.workflow.tasks;
    expect(ask.status_indicator).toBe('complete');
    expect(lookup).toMatchObject({ title: 'Failed: lookup (http)', status_indicator: 'none' });
    expect(lookup.content).toMatch(/^\d+ ms · .+/);
    expect(done.item.workflow.tasks).toHaveLength(2);
    expect(lastRunStatus(res.events)).toEqual({
      ask: { status: 'done', durationMs: expect.any(Number) },
      lookup: { status: 'failed', durationMs: expect.any(Number) },
    });
    const error = res.events.find((e) => e.type === 'error')!;
    expect(error).toMatchObject({ code: 'custom' });
    expect(lookup.content).toContain(error.message.slice(0, 40));
  });

  it('caps the output preview of a step', async () => {
    const wf = await ck.workflow(cookie, {
      v: 1,
      nodes: [
        { id: 'long', type: 'template', config: { template: '{{input}} {{input}} {{input}}' } },
        { id: 'r', type: 'reply', config: {} },
      ],
      edges: [{ source: 'long', target: 'r' }],
    });
    const token = await ck.canvasToken(cookie, wf);
    const res = await ck.call(token, 'threads.create', { input: input('x'.repeat(500)) }, TRACE);
    const done = res.events.find((e) => e.type === 'thread.item.done' && e.item.type === 'workflow')!;
    const preview = done.item.workflow.tasks[0].content.replace(/^\d+ ms · /, '');
    expect(preview.length).toBe(160);
    expect(preview.endsWith('…')).toBe(true);
  });
});

describe('no trace for anyone else', () => {
  it('a canvas turn that does not ask for it streams the plain sequence', async () => {
    const wf = await ck.workflow(cookie, branching);
    const token = await ck.canvasToken(cookie, wf);
    const res = await ck.call(token, 'threads.create', { input: input('refund') });
    expect(res.status).toBe(200);
    expect(traceEvents(res.events)).toEqual([]);
  });

  it('a visitor of the published workflow never receives it, even when asking', async () => {
    const wf = await ck.workflow(cookie, branching);
    const publishToken = await ck.publish(cookie, wf);
    const visitor = await ck.visitorToken(wf, publishToken);
    const res = await ck.call(visitor, 'threads.create', { input: input('refund') }, TRACE);
    expect(res.status).toBe(200);
    expect(res.events.some((e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message')).toBe(true);
    expect(traceEvents(res.events)).toEqual([]);
    const threadId = res.events[0]!.thread.id;
    const items = await ck.call(visitor, 'items.list', { thread_id: threadId, order: 'asc' });
    expect(items.body.data.map((i: { type: string }) => i.type)).toEqual(['user_message', 'assistant_message']);
  });

  it('a share link holder (publish token as Bearer) never receives it, even when asking', async () => {
    const wf = await ck.workflow(cookie, branching);
    const publishToken = await ck.publish(cookie, wf);
    const res = await ck.call(publishToken, 'threads.create', { input: input('refund') }, TRACE);
    expect(res.status).toBe(200);
    expect(res.events.some((e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message')).toBe(true);
    expect(traceEvents(res.events)).toEqual([]);
  });
});
