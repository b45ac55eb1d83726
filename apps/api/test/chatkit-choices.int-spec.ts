import { CHOICES_ACTION_TYPE, ZThreadItem, type TWorkflowDefinitionInput } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../src/modules/quota/clock.js';
import { chatkitClient, input, type ChatReply } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Choices and locked threads over the real protocol endpoint: a `choices`
 * step sends a widget, its click (threads.custom_action) resumes the workflow
 * once, the used card is stored; over the daily cap, every way of asking for
 * an answer is refused as the product spec says; a full thread is locked.
 */

export const choicesDefinition: TWorkflowDefinitionInput = {
  v: 1,
  chat: {},
  nodes: [
    { id: 'ask', type: 'template', config: { template: 'Which plan for "{{input}}"?' } },
    { id: 'pick', type: 'choices', config: { options: [{ label: 'Basic' }, { label: 'Pro', value: 'pro' }] } },
    { id: 'after', type: 'template', config: { template: 'You chose {{input}}.' } },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [
    { source: 'ask', target: 'pick' },
    { source: 'pick', target: 'after' },
    { source: 'after', target: 'r' },
  ],
};

let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let author: string;
let wf: string;
let publishToken: string;

beforeAll(async () => {
  t = await startTestApp({ env: { CHAT_THREAD_MAX_ITEMS: '8' } });
  ck = chatkitClient(t.baseUrl);
  ({ cookie: author } = await ck.owner());
  wf = await ck.workflow(author, choicesDefinition);
  publishToken = await ck.publish(author, wf);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

const done = (reply: ChatReply, type: string) =>
  reply.events.filter((e) => e.type === 'thread.item.done' && e.item.type === type).map((e) => e.item);
const click = (token: string, threadId: string, itemId: string | undefined, payload: unknown, type = CHOICES_ACTION_TYPE) =>
  ck.call(token, 'threads.custom_action', { thread_id: threadId, item_id: itemId, action: { type, payload } });
const buttons = (item: any) => item.widget.children.at(-1).children as any[];

async function askedThread(token: string) {
  const created = await ck.call(token, 'threads.create', { input: input('my shop') });
  expect(created.status).toBe(200);
  const threadId = created.events[0]!.thread.id as string;
  const [widget] = done(created, 'widget');
  return { created, threadId, widget };
}

describe('a choices step', () => {
  it('sends a widget item that matches the protocol schema, stored with the thread', async () => {
    const visitor = await ck.visitorToken(wf, publishToken);
    const { created, threadId, widget } = await askedThread(visitor);
    expect(done(created, 'assistant_message')).toEqual([]);
    expect(ZThreadItem.parse(widget)).toEqual(widget);
    expect(widget.copy_text).toBe('Which plan for "my shop"?');
    expect(buttons(widget).map((b) => [b.label, b.onClickAction.payload, b.disabled])).toEqual([
      ['Basic', { node: 'pick', value: 'Basic' }, undefined],
      ['Pro', { node: 'pick', value: 'pro' }, undefined],
    ]);
    const reloaded = await ck.call(visitor, 'threads.get_by_id', { thread_id: threadId });
    expect(reloaded.body.items.data.map((i: any) => i.type)).toEqual(['user_message', 'widget']);
  });

  it('a click resumes at the step with the chosen value; the used card is replaced and stays used on reload', async () => {
    const visitor = await ck.visitorToken(wf, publishToken);
    const { threadId, widget } = await askedThread(visitor);
    const chosen = await click(visitor, threadId, widget.id, { node: 'pick', value: 'pro' });
    expect(chosen.status).toBe(200);
    expect(chosen.events.map((e) => e.type)[0]).toBe('thread.item.replaced');
    const replaced = chosen.events[0]!.item;
    expect(buttons(replaced).map((b) => [b.label, b.disabled, b.style])).toEqual([
      ['Basic', true, 'secondary'],
      ['Pro', true, 'primary'],
    ]);
    expect(done(chosen, 'assistant_message')[0].content[0].text).toBe('You chose pro.');

    const reloaded = await ck.call(visitor, 'threads.get_by_id', { thread_id: threadId });
    const items = reloaded.body.items.data;
    expect(items.map((i: any) => i.type)).toEqual(['user_message', 'widget', 'assistant_message']);
    expect(buttons(items[1]).every((b) => b.disabled === true)).toBe(true);

    const again = await click(visitor, threadId, widget.id, { node: 'pick', value: 'Basic' });
    expect([again.status, again.body.code]).toEqual([409, 'choice.already_made']);
  });

  it('two clicks at once: exactly one resumes the workflow', async () => {
    const visitor = await ck.visitorToken(wf, publishToken);
    const { threadId, widget } = await askedThread(visitor);
    const results = await Promise.all([
      click(visitor, threadId, widget.id, { node: 'pick', value: 'pro' }),
      click(visitor, threadId, widget.id, { node: 'pick', value: 'Basic' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const items = (await ck.call(visitor, 'threads.get_by_id', { thread_id: threadId })).body.items.data;
    expect(items.filter((i: any) => i.type === 'assistant_message')).toHaveLength(1);
  });

  it('refuses forged, oversized, foreign and unknown actions before anything runs', async () => {
    const visitor = await ck.visitorToken(wf, publishToken);
    const { threadId, widget, created } = await askedThread(visitor);
    const userItem = created.events.find((e) => e.type === 'thread.item.done')!.item.id;
    const cases: [string, ChatReply, number, string][] = [
      ['value not on the card', await click(visitor, threadId, widget.id, { node: 'pick', value: 'enterprise' }), 400, 'request.invalid'],
      ['another node', await click(visitor, threadId, widget.id, { node: 'ask', value: 'pro' }), 400, 'request.invalid'],
      ['extra payload fields', await click(visitor, threadId, widget.id, { node: 'pick', value: 'pro', x: 1 }), 400, 'request.invalid'],
      ['no item', await click(visitor, threadId, undefined, { node: 'pick', value: 'pro' }), 400, 'request.invalid'],
      ['not a widget', await click(visitor, threadId, userItem, { node: 'pick', value: 'pro' }), 400, 'request.invalid'],
      ['missing item', await click(visitor, threadId, 'wdg_nope', { node: 'pick', value: 'pro' }), 404, 'item.not_found'],
      ['unknown action', await click(visitor, threadId, widget.id, {}, 'x'), 400, 'request.unsupported'],
      ['3 KB payload', await click(visitor, threadId, widget.id, { node: 'pick', value: 'x'.repeat(3000) }), 400, 'request.invalid'],
      ['another visitor', await click(await ck.visitorToken(wf, publishToken), threadId, widget.id, { node: 'pick', value: 'pro' }), 404, 'thread.not_found'],
    ];
    for (const [name, reply, status, code] of cases) expect([name, reply.status, reply.body?.code]).toEqual([name, status, code]);
    // Still unused: the genuine click works.
    expect((await click(visitor, threadId, widget.id, { node: 'pick', value: 'Basic' })).status).toBe(200);
  });

  it('a card whose step is gone from the workflow the chat now runs is refused with choice.expired', async () => {
    const id = await ck.workflow(author, choicesDefinition);
    const canvas = await ck.canvasToken(author, id);
    const { threadId, widget } = await askedThread(canvas);
    const edit = await ck.api.patch(
      `/workflows/${id}`,
      { version: 1, definition: { v: 1, nodes: [{ id: 'r', type: 'reply', config: { text: 'Bye' } }], edges: [] } },
      { cookie: author },
    );
    expect(edit.status).toBe(200);
    const late = await click(canvas, threadId, widget.id, { node: 'pick', value: 'pro' });
    expect([late.status, late.body.code]).toEqual([409, 'choice.expired']);
  });
});

describe('locked threads', () => {
  it('a thread without room for another exchange is locked at the end of its turn; later turns get 409 thread.locked', async () => {
    const id = await ck.workflow(author);
    const visitor = await ck.canvasToken(author, id);
    const created = await ck.call(visitor, 'threads.create', { input: input('one') });
    const threadId = created.events[0]!.thread.id;
    // 8 items at most: after the third exchange (6 items) there is room for one more.
    for (const text of ['two', 'three']) {
      const reply = await ck.call(visitor, 'threads.add_user_message', { thread_id: threadId, input: input(text) });
      expect(reply.events.some((e) => e.type === 'thread.updated' && e.thread.status.type === 'locked')).toBe(false);
    }
    const last = await ck.call(visitor, 'threads.add_user_message', { thread_id: threadId, input: input('four') });
    const locked = last.events.filter((e) => e.type === 'thread.updated').at(-1)!;
    expect(locked.thread.status).toEqual({ type: 'locked', reason: expect.stringMatching(/new chat/) });
    expect(done(last, 'assistant_message')[0].content[0].text).toBe('You said: four');

    const refused = await ck.call(visitor, 'threads.add_user_message', { thread_id: threadId, input: input('five') });
    expect([refused.status, refused.body.code, refused.body.message]).toEqual([409, 'thread.locked', locked.thread.status.reason]);
    const retry = await ck.call(visitor, 'threads.retry_after_item', { thread_id: threadId, item_id: created.events[1]!.item.id });
    expect([retry.status, retry.body.code]).toEqual([409, 'thread.locked']);
    const reloaded = await ck.call(visitor, 'threads.get_by_id', { thread_id: threadId });
    expect([reloaded.body.status.type, reloaded.body.items.data.length]).toEqual(['locked', 8]);
  });
});

describe('the daily cap inside a conversation', () => {
  it('refuses the next message, a retry and a choice with 429 workflow.quota_exceeded, storing nothing', async () => {
    const id = await ck.workflow(author, choicesDefinition);
    const token = await ck.publish(author, id);
    expect((await ck.api.patch(`/workflows/${id}/publish`, { limits: { messagesPerDay: 1 } }, { cookie: author })).status).toBe(200);
    vi.spyOn(t.app.get(Clock, { strict: false }), 'now').mockReturnValue(new Date('2030-06-01T12:00:00.000Z'));
    const visitor = await ck.visitorToken(id, token);
    const created = await ck.call(visitor, 'threads.create', { input: input('first') });
    const threadId = created.events[0]!.thread.id;
    const card = done(created, 'widget')[0];
    const before = (await ck.call(visitor, 'threads.get_by_id', { thread_id: threadId })).body.items.data.length;

    const capped = await ck.call(visitor, 'threads.add_user_message', { thread_id: threadId, input: input('second') });
    expect([capped.status, capped.body.code]).toEqual([429, 'workflow.quota_exceeded']);
    expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(0);
    const retry = await ck.call(visitor, 'threads.retry_after_item', { thread_id: threadId, item_id: done(created, 'user_message')[0].id });
    expect([retry.status, retry.body.code]).toEqual([429, 'workflow.quota_exceeded']);
    const choice = await click(visitor, threadId, card.id, buttons(card)[0].onClickAction.payload);
    expect([choice.status, choice.body.code]).toEqual([429, 'workflow.quota_exceeded']);

    const after = (await ck.call(visitor, 'threads.get_by_id', { thread_id: threadId })).body;
    expect([after.status.type, after.items.data.length]).toEqual(['active', before]);
  });
});
