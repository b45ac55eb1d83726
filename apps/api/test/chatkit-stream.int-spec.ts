import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, stubEchoReply, type LlmStub } from '../src/dev/llm-stub.js';
import { chatkitClient, eventually, input, llmDefinition } from './support/chatkit.js';
import { compactTypes, eventTypes } from './support/sse.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let stub: LlmStub;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;
let templateWf: string;
let canvas: string;

beforeAll(async () => {
  stub = await startLlmStub({ chunkDelayMs: 1, slowDelayMs: 50 });
  t = await startTestApp({ env: { LLM_BASE_URL: stub.url } });
  ck = chatkitClient(t.baseUrl);
  ({ cookie } = await ck.owner());
  templateWf = await ck.workflow(cookie);
  canvas = await ck.canvasToken(cookie, templateWf);
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

const FIRST_TURN = [
  'thread.created',
  'thread.item.done',
  'stream_options',
  'thread.item.added',
  'updated:content_part.added',
  'updated:content_part.text_delta',
  'updated:content_part.done',
  'thread.item.done',
  'thread.updated',
];

describe('threads.create', () => {
  it('streams the exact ChatKit sequence as SSE, and stores the thread and both messages', async () => {
    const res = await ck.call(canvas, 'threads.create', { input: input('Hello there') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(eventTypes(res.events)).toEqual(FIRST_TURN);

    const [created, userDone, options, added, partAdded, delta, partDone, assistantDone, updated] = res.events as any[];
    const threadId = created.thread.id;
    expect(created.thread).toEqual({
      id: expect.stringMatching(/^thr_[0-9a-f]{28}$/),
      created_at: expect.any(String),
      status: { type: 'active' },
      metadata: {},
      items: { data: [], has_more: false },
    });
    expect(created.thread).not.toHaveProperty('title');
    expect(userDone.item).toEqual({
      id: expect.stringMatching(/^msg_/),
      thread_id: threadId,
      created_at: expect.any(String),
      type: 'user_message',
      content: [{ type: 'input_text', text: 'Hello there' }],
      attachments: [],
      inference_options: {},
    });
    expect(options.stream_options).toEqual({ allow_cancel: true });
    expect(added.item).toMatchObject({ type: 'assistant_message', thread_id: threadId, content: [] });
    expect(partAdded).toMatchObject({
      item_id: added.item.id,
      update: { content_index: 0, content: { type: 'output_text', text: '' } },
    });
    expect(delta.update.delta).toBe('You said: Hello there');
    expect(partDone.update.content).toEqual({ type: 'output_text', text: 'You said: Hello there', annotations: [] });
    expect(assistantDone.item).toEqual({
      ...added.item,
      content: [{ type: 'output_text', text: 'You said: Hello there', annotations: [] }],
    });
    expect(updated.thread).toMatchObject({ id: threadId, title: 'Hello there' });

    const got = await ck.call(canvas, 'threads.get_by_id', { thread_id: threadId });
    expect(got.status).toBe(200);
    expect(got.body.title).toBe('Hello there');
    expect(got.body.items.data.map((i: any) => i.id)).toEqual([userDone.item.id, assistantDone.item.id]);
    expect(got.body.items.data[1]).toEqual(assistantDone.item);
  });

  it('saves a message whose answer is ready at once together with its answer, in one statement', async () => {
    const sql = t.database.db.sql;
    const prepared = sql.prepared.bind(sql);
    const statements: string[] = [];
    sql.prepared = (name, text, params) => {
      statements.push(name);
      return prepared(name, text, params);
    };
    try {
      const first = await ck.call(canvas, 'threads.create', { input: input('one') });
      const threadId = (first.events as any[])[0].thread.id;
      expect(statements).toEqual(['chatkit_create_thread']);
      statements.length = 0;
      await ck.call(canvas, 'threads.add_user_message', { thread_id: threadId, input: input('two') });
      expect(statements).toEqual(['chatkit_load_thread', 'chatkit_add_items']);

      const got = await ck.call(canvas, 'items.list', { thread_id: threadId, order: 'asc' });
      expect(got.body.data.map((i: any) => [i.type, i.content[0].text])).toEqual([
        ['user_message', 'one'],
        ['assistant_message', 'You said: one'],
        ['user_message', 'two'],
        ['assistant_message', 'You said: two'],
      ]);
    } finally {
      sql.prepared = prepared;
    }
  });

  it('streams an llm reply token by token and derives a 60-character title', async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const token = await ck.canvasToken(cookie, wf);
    const text = 'Please tell me everything about the weather in a rather long sentence here';
    const res = await ck.call(token, 'threads.create', { input: input(text) });
    expect(res.status).toBe(200);
    const types = eventTypes(res.events);
    expect(types.filter((x) => x === 'updated:content_part.text_delta').length).toBeGreaterThan(3);
    expect(compactTypes(res.events)).toEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'progress_update',
      'thread.item.added',
      'updated:content_part.added',
      'updated:content_part.text_delta',
      'updated:content_part.done',
      'thread.item.done',
      'thread.updated',
    ]);
    const deltas = res.events
      .filter((e) => e.update?.type?.endsWith('text_delta'))
      .map((e) => e.update.delta)
      .join('');
    expect(deltas).toBe(`Echo: ${text}`);
    const title = res.events.at(-1)!.thread.title;
    expect(title).toHaveLength(60);
    expect(title.endsWith('…')).toBe(true);
    expect(text.startsWith(title.slice(0, -1))).toBe(true);
  });
});

describe('threads.add_user_message', () => {
  it('streams the same sequence without thread.created (and no thread.updated once titled), and sends history to the llm', async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const token = await ck.canvasToken(cookie, wf);
    const first = await ck.call(token, 'threads.create', { input: input('one') });
    const threadId = first.events[0]!.thread.id;
    const res = await ck.call(token, 'threads.add_user_message', { thread_id: threadId, input: input('two') });
    expect(res.status).toBe(200);
    expect(compactTypes(res.events)).toEqual([
      'thread.item.done',
      'stream_options',
      'progress_update',
      'thread.item.added',
      'updated:content_part.added',
      'updated:content_part.text_delta',
      'updated:content_part.done',
      'thread.item.done',
    ]);
    expect(res.events[0]!.item).toMatchObject({
      type: 'user_message',
      thread_id: threadId,
      content: [{ text: 'two' }],
    });
    const lastRequest = stub.requests.at(-1)!;
    expect(lastRequest.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'one'],
      ['assistant', 'Echo: one'],
      ['user', 'two'],
    ]);
    const items = await ck.call(token, 'items.list', { thread_id: threadId, order: 'asc' });
    expect(items.body.data.map((i: any) => i.type)).toEqual([
      'user_message',
      'assistant_message',
      'user_message',
      'assistant_message',
    ]);
  });

  it('answers 404 thread.not_found (JSON, before any stream) for an unknown thread', async () => {
    const res = await ck.call(canvas, 'threads.add_user_message', { thread_id: 'thr_nope', input: input('hi') });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.code).toBe('thread.not_found');
  });

  it('answers the same text again at once: "ok" twice in one thread, "hi" in two tabs', async () => {
    const created = await ck.call(canvas, 'threads.create', { input: input('ok') });
    const threadId = created.events[0]!.thread.id;
    const again = await ck.call(canvas, 'threads.add_user_message', { thread_id: threadId, input: input('ok') });
    expect(again.status).toBe(200);
    expect(eventTypes(again.events)).toContain('thread.item.done');
    const items = await ck.call(canvas, 'items.list', { thread_id: threadId, order: 'asc' });
    expect(items.body.data.map((i: any) => [i.type, i.content[0].text])).toEqual([
      ['user_message', 'ok'],
      ['assistant_message', 'You said: ok'],
      ['user_message', 'ok'],
      ['assistant_message', 'You said: ok'],
    ]);

    // Two tabs of one visitor, each starting a chat with the same word at the same moment.
    const [a, b] = await Promise.all([
      ck.call(canvas, 'threads.create', { input: input('hi') }),
      ck.call(canvas, 'threads.create', { input: input('hi') }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.events[0]!.thread.id).not.toBe(b.events[0]!.thread.id);
  });

  it('the same text sent twice at the same moment is two messages, both answered', async () => {
    const created = await ck.call(canvas, 'threads.create', { input: input('first') });
    const threadId = created.events[0]!.thread.id;
    // Same text twice, concurrently: both are the visitor's messages, both are answered.
    const [a, b] = await Promise.all([
      ck.call(canvas, 'threads.add_user_message', { thread_id: threadId, input: input('same words') }),
      ck.call(canvas, 'threads.add_user_message', { thread_id: threadId, input: input('same words') }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const items = await ck.call(canvas, 'items.list', { thread_id: threadId, order: 'asc' });
    const texts = items.body.data.map((i: any) => i.content[0].text);
    expect(texts.filter((t: string) => t === 'same words')).toHaveLength(2);
    expect(texts.filter((t: string) => t === 'You said: same words')).toHaveLength(2);
  });
});

describe('step failures and cancellation', () => {
  it('a failing step keeps the user message and ends with an in-band error that allows retry', async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const token = await ck.canvasToken(cookie, wf);
    const res = await ck.call(token, 'threads.create', { input: input('[[stub:error]] please') });
    expect(res.status).toBe(200);
    expect(eventTypes(res.events)).toEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'progress_update',
      'error',
      'thread.updated',
    ]);
    const error = res.events.find((e) => e.type === 'error')!;
    expect(error).toMatchObject({ code: 'custom', allow_retry: true, message: expect.any(String) });
    const items = await ck.call(token, 'items.list', { thread_id: res.events[0]!.thread.id });
    expect(items.body.data.map((i: any) => i.type)).toEqual(['user_message']);
  });

  it('a failure mid-answer keeps the partial assistant message, then the error', async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const token = await ck.canvasToken(cookie, wf);
    const res = await ck.call(token, 'threads.create', { input: input('[[stub:fail-midstream]] go') });
    const types = compactTypes(res.events);
    expect(types.slice(-5)).toEqual([
      'updated:content_part.text_delta',
      'updated:content_part.done',
      'thread.item.done',
      'error',
      'thread.updated',
    ]);
    const done = res.events.filter((e) => e.type === 'thread.item.done').at(-1)!;
    expect(done.item.content[0].text).toBe('Partial answer ');
    const items = await ck.call(token, 'items.list', { thread_id: res.events[0]!.thread.id, order: 'asc' });
    expect(items.body.data.map((i: any) => i.content[0].text)).toEqual([
      '[[stub:fail-midstream]] go',
      'Partial answer ',
    ]);
  });

  it('a client disconnect aborts the turn upstream and stores the partial answer; the active-streams gauge goes back down', async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const token = await ck.canvasToken(cookie, wf);
    const abortedBefore = stub.aborted;
    const events = await ck.streamThenAbort(
      token,
      'threads.create',
      { input: input('[[stub:hang]] wait') },
      (e) => e.type === 'thread.item.updated' && e.update.type.endsWith('text_delta'),
    );
    const threadId = events[0]!.thread.id;
    await stub.waitForAborted(abortedBefore + 1);
    const items = await eventually(async () => {
      const r = await ck.call(token, 'items.list', { thread_id: threadId, order: 'asc' });
      return r.body.data.length === 2 ? r.body.data : null;
    });
    expect(items[1]).toMatchObject({ type: 'assistant_message', content: [{ type: 'output_text', text: 'Hold on' }] });
    await eventually(async () => {
      const metrics = await (await fetch(`${t.baseUrl}/api/metrics`)).text();
      return (
        /wfchat_chat_active_streams 0\b/.test(metrics) &&
        /wfchat_chat_errors_total\{code="client.disconnected"\} [1-9]/.test(metrics)
      );
    });
  });

  it('records time to first token and turn duration', async () => {
    const metrics = await (await fetch(`${t.baseUrl}/api/metrics`)).text();
    expect(metrics).toMatch(/wfchat_chat_time_to_first_token_seconds_count [1-9]/);
    expect(metrics).toMatch(/wfchat_chat_turn_duration_seconds_count [1-9]/);
  });
});

describe('partial saves of a long answer', () => {
  it('keep the stored answer growing while it streams (the later saves go out in batches), then store it whole', async () => {
    const app = await startTestApp({ env: { LLM_BASE_URL: stub.url, CHATKIT_PARTIAL_SAVE_MS: '100' } });
    try {
      const client = chatkitClient(app.baseUrl);
      const { cookie } = await client.owner();
      const token = await client.canvasToken(cookie, await client.workflow(cookie, llmDefinition));
      const prompt = `[[stub:slow]] ${Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')}`;
      const res = await client.fetchChatkit(token, { type: 'threads.create', params: { input: input(prompt) } });
      let streaming = true;
      const body = res.text().finally(() => (streaming = false));
      const thread = await eventually(
        async () => (await client.call(token, 'threads.list', { limit: 1 })).body.data[0],
      );
      const stored = async () => {
        const items = (await client.call(token, 'items.list', { thread_id: thread.id, order: 'asc' })).body.data;
        return (items[1]?.content?.[0]?.text as string | undefined) ?? '';
      };
      const first = await eventually(stored);
      await eventually(async () => (await stored()).length > first.length);
      expect(streaming).toBe(true);
      await body;
      expect(await stored()).toBe(stubEchoReply(prompt));
    } finally {
      await app.close();
    }
  });
});

describe('threads.retry_after_item', () => {
  it('drops what followed the user message and answers it again', async () => {
    const created = await ck.call(canvas, 'threads.create', { input: input('first') });
    const threadId = created.events[0]!.thread.id;
    const firstUser = created.events[1]!.item.id;
    await ck.call(canvas, 'threads.add_user_message', { thread_id: threadId, input: input('second') });
    const res = await ck.call(canvas, 'threads.retry_after_item', { thread_id: threadId, item_id: firstUser });
    expect(res.status).toBe(200);
    expect(eventTypes(res.events)).toEqual([
      'stream_options',
      'thread.item.added',
      'updated:content_part.added',
      'updated:content_part.text_delta',
      'updated:content_part.done',
      'thread.item.done',
    ]);
    const items = await ck.call(canvas, 'items.list', { thread_id: threadId, order: 'asc' });
    expect(items.body.data.map((i: any) => [i.type, i.content[0].text])).toEqual([
      ['user_message', 'first'],
      ['assistant_message', 'You said: first'],
    ]);
    expect(items.body.data[1].id).toBe(res.events.at(-1)!.item.id);
  });

  it('refuses an unknown item (404 item.not_found) and an assistant message (400)', async () => {
    const created = await ck.call(canvas, 'threads.create', { input: input('retry refusals') });
    const threadId = created.events[0]!.thread.id;
    const assistantId = created.events.find(
      (e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message',
    )!.item.id;
    const unknown = await ck.call(canvas, 'threads.retry_after_item', { thread_id: threadId, item_id: 'msg_nope' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'item.not_found']);
    const assistant = await ck.call(canvas, 'threads.retry_after_item', { thread_id: threadId, item_id: assistantId });
    expect([assistant.status, assistant.body.code]).toEqual([400, 'request.invalid']);
  });
});
