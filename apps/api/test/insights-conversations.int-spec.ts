import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input } from './support/chatkit.js';
import { client, signUp } from './support/http.js';
import { insertThread, itemId } from './support/insights.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The author's conversation log: who may read it (the owner, of public chats
 * only), how it filters and pages, the transcript, and the export's content.
 */

let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;
let ownerEmail: string;
let wf: string;
let otherWf: string;
/** A visitor of a sign-in-only chat: the owner sees their account's email. */
let signedInEmail: string;

const day = (d: number, h = 12) => new Date(Date.UTC(2026, 2, d, h)).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  ck = chatkitClient(t.baseUrl);
  const owner = await signUp(t.baseUrl);
  cookie = owner.cookie;
  ownerEmail = owner.email;
  wf = await ck.workflow(cookie);
  otherWf = await ck.workflow(cookie);
  const signedIn = await signUp(t.baseUrl);
  const db = t.database.db;
  // Five public conversations on 1-5 March, a Canvas test chat and another workflow's chat.
  await insertThread(db, {
    id: 'thr_a1',
    workflowId: wf,
    principal: 'visitor:cookie-secret-a',
    title: 'Pricing',
    createdAt: day(1),
    messages: ['How much is it?', 'It is 50% off today', 'Thanks'],
  });
  await insertThread(db, {
    id: 'thr_b2',
    workflowId: wf,
    principal: 'visitor:cookie-secret-b',
    title: 'Refunds',
    createdAt: day(2),
    messages: ['Can I get a refund?', 'No.', 'Why not?', 'Policy.'],
    feedback: { 1: 'negative', 3: 'negative' },
  });
  await insertThread(db, {
    id: 'thr_c3',
    workflowId: wf,
    principal: signedIn.user.id,
    title: 'Hello',
    createdAt: day(3),
    messages: ['Hello', 'Hi there, 500 ways to help'],
    feedback: { 1: 'positive' },
  });
  await insertThread(db, {
    id: 'thr_d4',
    workflowId: wf,
    principal: 'ext:bob@corp.example',
    title: null,
    createdAt: day(4),
    messages: ['=HYPERLINK("http://evil.example","click")', 'Done, "quoted", with commas'],
  });
  await insertThread(db, {
    id: 'thr_e5',
    workflowId: wf,
    principal: 'visitor:cookie-secret-a',
    title: 'Back again',
    createdAt: day(5),
    messages: ['Me again', 'Welcome back'],
    feedback: { 1: 'positive' },
  });
  await insertThread(db, {
    id: 'thr_canvas',
    workflowId: wf,
    principal: 'usr_owner',
    mode: 'canvas',
    title: 'Canvas test with refund',
    createdAt: day(6),
    messages: ['refund test', 'ok'],
    feedback: { 1: 'negative' },
  });
  await insertThread(db, {
    id: 'thr_other',
    workflowId: otherWf,
    principal: 'visitor:x',
    title: 'Other workflow refund',
    createdAt: day(6),
    messages: ['refund?', 'no'],
  });
  signedInEmail = signedIn.email;
});
afterAll(() => t?.close());

const api = () => ck.api;
const ids = (res: { body: { data: { threadId: string }[] } }) => res.body.data.map((c) => c.threadId);
const list = (query = '') => api().get(`/workflows/${wf}/conversations${query}`, { cookie });

describe('who may read the conversation log', () => {
  it('another user gets 404 workflow.not_found for every insights route; no session is 401', async () => {
    const stranger = await signUp(t.baseUrl);
    for (const path of [
      `/workflows/${wf}/conversations`,
      `/workflows/${wf}/conversations/thr_a1`,
      `/workflows/${wf}/conversations/export?format=jsonl`,
      `/workflows/${wf}/stats`,
    ]) {
      const res = await api().get(path, { cookie: stranger.cookie });
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'workflow.not_found']);
      const anonymous = await api().get(path);
      expect([path, anonymous.status]).toEqual([path, 401]);
    }
  });

  it('lists public conversations only, newest first, with counts and masked visitors', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(['thr_e5', 'thr_d4', 'thr_c3', 'thr_b2', 'thr_a1']);
    expect(res.body.next).toBeNull();
    const [e5, d4, c3, b2] = res.body.data;
    expect(b2).toEqual({
      threadId: 'thr_b2',
      title: 'Refunds',
      visitor: { kind: 'visitor', label: expect.stringMatching(/^Visitor [0-9a-f]{8}$/) },
      linkId: null,
      createdAt: day(2),
      updatedAt: new Date(Date.parse(day(2)) + 3000).toISOString(),
      messages: 4,
      feedback: { positive: 0, negative: 2 },
    });
    expect(c3.visitor).toEqual({ kind: 'user', label: signedInEmail });
    expect(d4.visitor).toEqual({ kind: 'external', label: expect.stringMatching(/^External user [0-9a-f]{8}$/) });
    // The same browser has the same pseudonym in two conversations.
    expect(e5.visitor).toEqual(res.body.data[4].visitor);
    const text = JSON.stringify(res.body);
    for (const secret of ['cookie-secret', 'bob@corp', 'usr_owner', ownerEmail]) expect(text).not.toContain(secret);
  });

  it('a conversation of a real visitor appears, with the link it came through; visitors still see only their own threads', async () => {
    const token = await ck.publish(cookie, wf);
    const links = await client(t.baseUrl).get(`/workflows/${wf}/links`, { cookie });
    const linkId = links.body.data[0].id as string;
    const visitor = await ck.visitorToken(wf, token);
    const created = await ck.call(visitor, 'threads.create', { input: input('live question') });
    const threadId = created.events[0]!.thread.id as string;
    const canvas = await ck.canvasToken(cookie, wf);
    await ck.call(canvas, 'threads.create', { input: input('canvas question') });

    const res = await list('?q=question');
    expect(ids(res)).toEqual([threadId]);
    expect(res.body.data[0]).toMatchObject({ messages: 2, visitor: { kind: 'visitor' }, linkId });

    const another = await ck.visitorToken(wf, token);
    expect((await ck.call(another, 'threads.list', {})).body.data).toEqual([]);
    expect((await ck.call(visitor, 'threads.list', {})).body.data.map((x: { id: string }) => x.id)).toEqual([threadId]);
    await t.database.db.sql.query('DELETE FROM "ChatThread" WHERE "id" = $1', [threadId]);
  });
});

describe('filters', () => {
  it('by feedback', async () => {
    expect(ids(await list('?feedback=negative'))).toEqual(['thr_b2']);
    expect(ids(await list('?feedback=positive'))).toEqual(['thr_e5', 'thr_c3']);
  });

  it('by text in titles and messages, case-insensitive, wildcards taken literally', async () => {
    expect(ids(await list('?q=REFUND'))).toEqual(['thr_b2']);
    expect(ids(await list('?q=pricing'))).toEqual(['thr_a1']);
    expect(ids(await list(`?q=${encodeURIComponent('50%')}`))).toEqual(['thr_a1']);
    expect(ids(await list(`?q=${encodeURIComponent('5_0')}`))).toEqual([]);
    expect(ids(await list(`?q=${encodeURIComponent('"quoted"')}`))).toEqual(['thr_d4']);
    expect(ids(await list('?q=nothing-like-this'))).toEqual([]);
  });

  it('by date (UTC days, both ends included), combinable', async () => {
    expect(ids(await list('?from=2026-03-02&to=2026-03-04'))).toEqual(['thr_d4', 'thr_c3', 'thr_b2']);
    expect(ids(await list('?from=2026-03-05'))).toEqual(['thr_e5']);
    expect(ids(await list('?to=2026-03-01'))).toEqual(['thr_a1']);
    expect(ids(await list('?from=2026-03-02&feedback=positive'))).toEqual(['thr_e5', 'thr_c3']);
  });

  it('refuses bad parameters with 400 request.invalid', async () => {
    for (const query of [
      '?feedback=meh',
      '?from=2026-13-01',
      '?from=yesterday',
      `?q=${'x'.repeat(201)}`,
      '?limit=0',
      '?limit=101',
      '?cursor=bm90LWEtY3Vyc29y',
      '?unknown=1',
    ]) {
      const res = await list(query);
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'request.invalid']);
    }
  });
});

describe('pagination', () => {
  it('walks every page once with next; the last page has next null', async () => {
    const seen: string[] = [];
    let res = await list('?limit=2');
    const pages = [ids(res)];
    seen.push(...ids(res));
    while (res.body.next) {
      res = await list(`?limit=2&cursor=${res.body.next}`);
      pages.push(ids(res));
      seen.push(...ids(res));
    }
    expect(pages).toEqual([['thr_e5', 'thr_d4'], ['thr_c3', 'thr_b2'], ['thr_a1']]);
    expect(seen).toHaveLength(new Set(seen).size);
  });

  it('a page exactly as long as what is left has next null; cursors keep the filters given', async () => {
    expect((await list('?limit=5')).body.next).toBeNull();
    const p1 = await list('?limit=4');
    expect(p1.body.next).not.toBeNull();
    const p2 = await list(`?limit=4&cursor=${p1.body.next}`);
    expect([ids(p2), p2.body.next]).toEqual([['thr_a1'], null]);
    const f1 = await list('?limit=1&feedback=positive');
    const f2 = await list(`?limit=1&feedback=positive&cursor=${f1.body.next}`);
    expect([ids(f1), ids(f2), f2.body.next]).toEqual([['thr_e5'], ['thr_c3'], null]);
  });
});

describe('transcript', () => {
  it('shows every item in order with its feedback', async () => {
    const res = await api().get(`/workflows/${wf}/conversations/thr_b2`, { cookie });
    expect(res.status).toBe(200);
    expect(res.body.conversation).toMatchObject({
      threadId: 'thr_b2',
      messages: 4,
      feedback: { negative: 2, positive: 0 },
    });
    expect(
      res.body.items.map((i: { id: string; type: string; feedback: string | null }) => [i.id, i.type, i.feedback]),
    ).toEqual([
      [itemId('thr_b2', 0), 'user_message', null],
      [itemId('thr_b2', 1), 'assistant_message', 'negative'],
      [itemId('thr_b2', 2), 'user_message', null],
      [itemId('thr_b2', 3), 'assistant_message', 'negative'],
    ]);
    expect(res.body.items[0]).toMatchObject({
      thread_id: 'thr_b2',
      content: [{ type: 'input_text', text: 'Can I get a refund?' }],
      created_at: day(2),
    });
  });

  it('404 thread.not_found for a Canvas chat, another workflow’s chat or no chat at all', async () => {
    for (const id of ['thr_canvas', 'thr_other', 'thr_nope']) {
      const res = await api().get(`/workflows/${wf}/conversations/${id}`, { cookie });
      expect([id, res.status, res.body.code]).toEqual([id, 404, 'thread.not_found']);
    }
  });
});

describe('export', () => {
  it('JSONL: one line per message, the filters applied, visitors masked', async () => {
    const res = await fetch(`${t.baseUrl}/api/workflows/${wf}/conversations/export?format=jsonl&feedback=negative`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="conversations-.*\.jsonl"$/);
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.threadId, l.role, l.text, l.feedback])).toEqual([
      ['thr_b2', 'user', 'Can I get a refund?', null],
      ['thr_b2', 'assistant', 'No.', 'negative'],
      ['thr_b2', 'user', 'Why not?', null],
      ['thr_b2', 'assistant', 'Policy.', 'negative'],
    ]);
    expect(lines[0]).toMatchObject({ visitorKind: 'visitor', linkId: null, threadCreatedAt: day(2) });
    expect(JSON.stringify(lines)).not.toContain('cookie-secret');
  });

  it('CSV: a header, escaped cells, and formulas neutralised', async () => {
    const res = await fetch(
      `${t.baseUrl}/api/workflows/${wf}/conversations/export?format=csv&to=2026-03-04&from=2026-03-04`,
      {
        headers: { cookie },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await res.text()).split('\r\n');
    expect(rows[0]).toBe(
      'threadId,threadCreatedAt,visitorKind,visitorLabel,linkId,itemId,createdAt,role,text,feedback',
    );
    expect(rows[1]).toContain(`,user,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(rows[2]).toContain(',assistant,"Done, ""quoted"", with commas",');
    expect(rows[1]).not.toContain('bob@corp');
    expect(rows.slice(3)).toEqual(['']);
  });

  it('refuses an unknown format', async () => {
    const res = await api().get(`/workflows/${wf}/conversations/export?format=xlsx`, { cookie });
    expect([res.status, res.body.code]).toEqual([400, 'request.invalid']);
  });
});
