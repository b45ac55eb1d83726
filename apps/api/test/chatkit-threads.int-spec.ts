import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input, templateDefinition } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;
let wf: string;
let canvas: string;
let publishToken: string;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      RATE_LIMIT_IP_PER_MIN: '100000',
      RATE_LIMIT_PRINCIPAL_PER_MIN: '100000',
      RATE_LIMIT_MESSAGES_PER_MIN: '100000',
      RATE_LIMIT_SESSIONS_PER_MIN: '100000',
    },
  });
  ck = chatkitClient(t.baseUrl);
  ({ cookie } = await ck.owner());
  wf = await ck.workflow(cookie);
  canvas = await ck.canvasToken(cookie, wf);
  publishToken = await ck.publish(cookie, wf);
});
afterAll(() => t?.close());

async function countItems(threadId: string): Promise<number> {
  const rows = await t.database.db.sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM "ChatItem" WHERE "threadId" = $1',
    [threadId],
  );
  return rows[0]!.n;
}

async function newThread(token: string, text = 'hello'): Promise<{ id: string; items: string[] }> {
  const res = await ck.call(token, 'threads.create', { input: input(text) });
  expect(res.status).toBe(200);
  return {
    id: res.events[0]!.thread.id,
    items: res.events.filter((e) => e.type === 'thread.item.done').map((e) => e.item.id),
  };
}

describe('threads.get_by_id and items.list', () => {
  it('returns the thread with its first page of items, oldest first', async () => {
    const thread = await newThread(canvas, 'get me');
    const res = await ck.call(canvas, 'threads.get_by_id', { thread_id: thread.id });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ id: thread.id, title: 'get me', status: { type: 'active' }, metadata: {} });
    expect(res.body.items).toEqual({ data: expect.any(Array), has_more: false });
    expect(res.body.items.data.map((i: any) => i.id)).toEqual(thread.items);
    expect(JSON.stringify(res.body)).not.toContain('null');
  });

  it('pages items in both orders with `after`; empty, exact page size and a deleted cursor behave', async () => {
    const thread = await newThread(canvas, 'p1');
    for (const text of ['p2', 'p3']) {
      expect(
        (await ck.call(canvas, 'threads.add_user_message', { thread_id: thread.id, input: input(text) })).status,
      ).toBe(200);
    }
    const all = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'asc' })).body;
    expect(all.data).toHaveLength(6);
    expect(all.has_more).toBe(false);
    expect(all).not.toHaveProperty('after');
    const ids = all.data.map((i: any) => i.id);

    const desc = (await ck.call(canvas, 'items.list', { thread_id: thread.id })).body;
    expect(desc.data.map((i: any) => i.id)).toEqual([...ids].reverse());

    const p1 = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'asc', limit: 4 })).body;
    expect(p1).toMatchObject({ has_more: true, after: ids[3] });
    const p2 = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'asc', limit: 4, after: p1.after }))
      .body;
    expect(p2.data.map((i: any) => i.id)).toEqual(ids.slice(4));
    expect(p2.has_more).toBe(false);

    // Exactly one page: no has_more, and the page after it is empty.
    const exact = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'asc', limit: 6 })).body;
    expect([exact.data.length, exact.has_more]).toEqual([6, false]);
    const empty = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'asc', after: ids[5] })).body;
    expect(empty).toEqual({ data: [], has_more: false });

    const d1 = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'desc', limit: 2, after: ids[4] }))
      .body;
    expect(d1.data.map((i: any) => i.id)).toEqual([ids[3], ids[2]]);

    // Retrying the second message deletes items 4-6; a cursor naming a deleted item keeps its place.
    const retried = await ck.call(canvas, 'threads.retry_after_item', { thread_id: thread.id, item_id: ids[2] });
    const newAnswer = retried.events.find((e) => e.type === 'thread.item.done')!.item.id;
    const afterDeleted = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'asc', after: ids[4] }))
      .body;
    expect(afterDeleted.data.map((i: any) => i.id)).toEqual([newAnswer]);
    const beforeDeleted = (await ck.call(canvas, 'items.list', { thread_id: thread.id, order: 'desc', after: ids[4] }))
      .body;
    expect(beforeDeleted.data.map((i: any) => i.id)).toEqual([ids[2], ids[1], ids[0]]);
    // A cursor that is no id of ours at all names nothing: an empty page.
    const garbage = (await ck.call(canvas, 'items.list', { thread_id: thread.id, after: 'whatever' })).body;
    expect(garbage).toEqual({ data: [], has_more: false });
  });

  it('refuses bad paging params with 400 request.invalid', async () => {
    const thread = await newThread(canvas);
    for (const params of [
      { thread_id: thread.id, limit: 0 },
      { thread_id: thread.id, limit: 101 },
      { thread_id: thread.id, order: 'up' },
    ]) {
      const res = await ck.call(canvas, 'items.list', params);
      expect([res.status, res.body.code]).toEqual([400, 'request.invalid']);
    }
  });
});

describe('threads.list', () => {
  it("lists only this principal's threads, newest first by default, paging with after (also after a deleted thread)", async () => {
    const { cookie: other } = await ck.owner();
    const otherWf = await ck.workflow(other);
    const token = await ck.canvasToken(other, otherWf);
    const empty = await ck.call(token, 'threads.list', {});
    expect(empty.body).toEqual({ data: [], has_more: false });

    const created: string[] = [];
    for (const text of ['a', 'b', 'c', 'd']) created.push((await newThread(token, text)).id);
    const all = (await ck.call(token, 'threads.list', {})).body;
    expect(all.data.map((x: any) => x.id)).toEqual([...created].reverse());
    expect(all.data[0]).toEqual({
      id: created[3],
      title: 'd',
      created_at: expect.any(String),
      status: { type: 'active' },
      metadata: {},
      items: { data: [], has_more: false },
    });

    const exact = (await ck.call(token, 'threads.list', { limit: 4 })).body;
    expect([exact.data.length, exact.has_more]).toEqual([4, false]);

    const p1 = (await ck.call(token, 'threads.list', { limit: 2 })).body;
    expect(p1).toMatchObject({ has_more: true, after: created[2] });
    // The history panel deletes the last listed thread, then loads more.
    expect((await ck.call(token, 'threads.delete', { thread_id: created[2] })).status).toBe(200);
    const p2 = (await ck.call(token, 'threads.list', { limit: 2, after: p1.after })).body;
    expect(p2.data.map((x: any) => x.id)).toEqual([created[1], created[0]]);
    expect(p2.has_more).toBe(false);

    const asc = (await ck.call(token, 'threads.list', { order: 'asc', limit: 1, after: created[0] })).body;
    expect(asc.data.map((x: any) => x.id)).toEqual([created[1]]);
  });
});

describe('threads.update, threads.delete, items.feedback', () => {
  it('renames a thread (empty title clears it) and returns the Thread', async () => {
    const thread = await newThread(canvas, 'rename me');
    const res = await ck.call(canvas, 'threads.update', { thread_id: thread.id, title: '  New name  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: thread.id, title: 'New name', metadata: {} });
    expect((await ck.call(canvas, 'threads.get_by_id', { thread_id: thread.id })).body.title).toBe('New name');
    const cleared = await ck.call(canvas, 'threads.update', { thread_id: thread.id, title: '' });
    expect(cleared.body).not.toHaveProperty('title');
    const tooLong = await ck.call(canvas, 'threads.update', { thread_id: thread.id, title: 'x'.repeat(201) });
    expect(tooLong.status).toBe(400);
  });

  it('deletes a thread with its items; afterwards every op on it is 404', async () => {
    const thread = await newThread(canvas, 'delete me');
    const res = await ck.call(canvas, 'threads.delete', { thread_id: thread.id });
    expect([res.status, res.body]).toEqual([200, {}]);
    for (const [type, params] of [
      ['threads.get_by_id', { thread_id: thread.id }],
      ['items.list', { thread_id: thread.id }],
      ['threads.delete', { thread_id: thread.id }],
      ['threads.add_user_message', { thread_id: thread.id, input: input('still there?') }],
    ] as const) {
      const r = await ck.call(canvas, type, params);
      expect([type, r.status, r.body.code]).toEqual([type, 404, 'thread.not_found']);
    }
    const n = await countItems(thread.id);
    expect(n).toBe(0);
  });

  it('stores feedback (latest kind wins) and refuses items of other threads', async () => {
    const thread = await newThread(canvas, 'rate me');
    const other = await newThread(canvas, 'other');
    const answer = thread.items[1]!;
    expect(
      (await ck.call(canvas, 'items.feedback', { thread_id: thread.id, item_ids: [answer], kind: 'positive' })).status,
    ).toBe(200);
    const res = await ck.call(canvas, 'items.feedback', { thread_id: thread.id, item_ids: [answer], kind: 'negative' });
    expect([res.status, res.body]).toEqual([200, {}]);
    const rows = await t.database.db.sql.query<{ kind: string }>(
      'SELECT kind FROM "ChatFeedback" WHERE "threadId" = $1 AND "itemId" = $2',
      [thread.id, answer],
    );
    expect(rows.map((r) => r.kind)).toEqual(['negative']);
    const foreign = await ck.call(canvas, 'items.feedback', {
      thread_id: thread.id,
      item_ids: [other.items[1]],
      kind: 'positive',
    });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'item.not_found']);
    const bad = await ck.call(canvas, 'items.feedback', { thread_id: thread.id, item_ids: [answer], kind: 'meh' });
    expect([bad.status, bad.body.code]).toEqual([400, 'request.invalid']);
  });
});

describe('scoping', () => {
  it("visitor B gets 404 for everything of visitor A's thread, and never lists it", async () => {
    const a = await ck.visitorToken(wf, publishToken);
    const b = await ck.visitorToken(wf, publishToken);
    const thread = await newThread(a, 'visitor A secret');
    for (const [type, params] of [
      ['threads.get_by_id', { thread_id: thread.id }],
      ['items.list', { thread_id: thread.id }],
      ['threads.update', { thread_id: thread.id, title: 'pwned' }],
      ['threads.delete', { thread_id: thread.id }],
      ['items.feedback', { thread_id: thread.id, item_ids: [thread.items[1]], kind: 'negative' }],
      ['threads.add_user_message', { thread_id: thread.id, input: input('hi') }],
      ['threads.retry_after_item', { thread_id: thread.id, item_id: thread.items[0] }],
      ['threads.custom_action', { thread_id: thread.id, action: { type: 'x' } }],
    ] as const) {
      const r = await ck.call(b, type, params);
      expect([type, r.status, r.body.code]).toEqual([type, 404, 'thread.not_found']);
    }
    expect((await ck.call(b, 'threads.list', {})).body.data).toEqual([]);
    // Untouched for A.
    const mine = await ck.call(a, 'threads.get_by_id', { thread_id: thread.id });
    expect([mine.status, mine.body.title, mine.body.items.data.length]).toEqual([200, 'visitor A secret', 2]);
  });

  it('Canvas test threads never appear to public tokens, nor public threads to Canvas', async () => {
    const canvasThread = await newThread(canvas, 'canvas only');
    const visitor = await ck.visitorToken(wf, publishToken);
    const visitorThread = await newThread(visitor, 'public only');
    expect((await ck.call(visitor, 'threads.get_by_id', { thread_id: canvasThread.id })).status).toBe(404);
    expect((await ck.call(visitor, 'threads.list', {})).body.data.map((x: any) => x.id)).toEqual([visitorThread.id]);
    expect((await ck.call(canvas, 'threads.get_by_id', { thread_id: visitorThread.id })).status).toBe(404);
    expect((await ck.call(canvas, 'threads.list', { limit: 100 })).body.data.map((x: any) => x.id)).not.toContain(
      visitorThread.id,
    );
  });

  it('a public token runs the pinned published version, a Canvas token the latest saved one', async () => {
    const { cookie: author } = await ck.owner();
    const id = await ck.workflow(author);
    const pinned = await ck.publish(author, id);
    const edit = await ck.api.patch(
      `/workflows/${id}`,
      {
        version: 1,
        definition: {
          ...templateDefinition,
          nodes: [{ id: 't', type: 'template', config: { template: 'Draft: {{input}}' } }, templateDefinition.nodes[1]],
        },
      },
      { cookie: author },
    );
    expect(edit.status).toBe(200);
    const answer = async (token: string) =>
      (await ck.call(token, 'threads.create', { input: input('x') })).events.find(
        (e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message',
      )!.item.content[0].text;
    expect(await answer(await ck.visitorToken(id, pinned))).toBe('You said: x');
    expect(await answer(await ck.canvasToken(author, id))).toBe('Draft: x');
    // Re-pinning applies to the next request of an existing visitor token.
    const visitor = await ck.visitorToken(id, pinned);
    expect((await ck.api.patch(`/workflows/${id}/publish`, { version: 2 }, { cookie: author })).status).toBe(200);
    expect(await answer(visitor)).toBe('Draft: x');
  });
});

describe('the version a Canvas chat runs', () => {
  it('follows a save at the very next message of the same token', async () => {
    const { cookie: author } = await ck.owner();
    const id = await ck.workflow(author);
    const canvas = await ck.canvasToken(author, id);
    const answer = async (text: string) =>
      (await ck.call(canvas, 'threads.create', { input: input(text) })).events.find(
        (e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message',
      )!.item.content[0].text;
    expect(await answer('x')).toBe('You said: x');
    const edit = await ck.api.patch(
      `/workflows/${id}`,
      {
        version: 1,
        definition: {
          ...templateDefinition,
          nodes: [{ id: 't', type: 'template', config: { template: 'Saved: {{input}}' } }, templateDefinition.nodes[1]],
        },
      },
      { cookie: author },
    );
    expect(edit.status).toBe(200);
    expect(await answer('y')).toBe('Saved: y');
  });
});

describe('authentication', () => {
  it('refuses a missing or bad token with 401 before anything else', async () => {
    const missing = await ck.call(undefined, 'threads.list', {});
    expect([missing.status, missing.body.code]).toEqual([401, 'auth.missing_token']);
    const bad = await ck.call('not.a.jwt', 'threads.list', {});
    expect([bad.status, bad.body.code]).toEqual([401, 'auth.invalid_token']);
  });

  it('rotating the publish token refuses the next request of an ongoing conversation with 401 auth.token_revoked', async () => {
    const { cookie: author } = await ck.owner();
    const id = await ck.workflow(author);
    const token = await ck.visitorToken(id, await ck.publish(author, id));
    const thread = await newThread(token, 'before rotation');
    expect((await ck.api.post(`/workflows/${id}/publish/rotate`, {}, { cookie: author })).status).toBe(200);
    const res = await ck.call(token, 'threads.add_user_message', {
      thread_id: thread.id,
      input: input('after rotation'),
    });
    expect([res.status, res.body.code]).toEqual([401, 'auth.token_revoked']);
    const n = await countItems(thread.id);
    expect(n).toBe(2);
  });

  it('accepts a publish token as a bearer (server-to-server)', async () => {
    const res = await ck.call(publishToken, 'threads.create', { input: input('from a server') });
    expect(res.status).toBe(200);
    expect(res.events.at(-1)!.type).toBe('thread.updated');
  });
});

describe('request validation and unsupported operations', () => {
  it('answers 400 request.invalid for malformed bodies, a missing params, empty or too long messages', async () => {
    const noParams = await ck.fetchChatkit(canvas, { type: 'threads.list' });
    expect(noParams.status).toBe(400);
    expect(((await noParams.json()) as any).code).toBe('request.invalid');
    const notJson = await ck.fetchChatkit(canvas, '{oops');
    expect(notJson.status).toBe(400);
    const emptyMsg = await ck.call(canvas, 'threads.create', { input: input('   ') });
    expect([emptyMsg.status, emptyMsg.body.code]).toEqual([400, 'request.invalid']);
    const long = await ck.call(canvas, 'threads.create', { input: input('x'.repeat(8001)) });
    expect([long.status, long.body.code]).toEqual([400, 'request.invalid']);
    expect(long.body.message).toMatch(/8000/);
    const huge = await ck.fetchChatkit(canvas, {
      type: 'threads.create',
      params: { input: input('x'.repeat(1_100_000)) },
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as any).code).toBe('request.too_large');
  });

  it('ignores unknown fields', async () => {
    const res = await ck.fetchChatkit(canvas, {
      type: 'threads.list',
      params: { limit: 1, extra: true },
      metadata: { a: 1 },
      more: 'x',
    });
    expect(res.status).toBe(200);
  });

  it('answers 400 request.unsupported for operations this server does not offer', async () => {
    const thread = await newThread(canvas, 'unsupported');
    // Attachments are offered (off per workflow by default): test/attachments.int-spec.ts.
    for (const [type, params] of [
      ['input.transcribe', { audio_base64: '', mime_type: 'audio/webm' }],
      [
        'threads.add_structured_input',
        { thread_id: thread.id, item_id: thread.items[0], input: { status: 'submitted', answers: [] } },
      ],
      ['threads.sync_custom_action', { thread_id: thread.id, action: { type: 'x' } }],
      ['threads.custom_action', { thread_id: thread.id, action: { type: 'x' } }],
      ['threads.add_client_tool_output', { thread_id: thread.id, result: {} }],
      ['no.such_op', {}],
    ] as const) {
      const r = await ck.call(canvas, type, params);
      expect([type, r.status, r.body.code]).toEqual([type, 400, 'request.unsupported']);
      expect(r.body.message).toBeTruthy();
    }
  });
});
