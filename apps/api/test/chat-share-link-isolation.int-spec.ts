import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Everyone with a share link holds the same publish token. Used directly as a
 * Bearer on /api/chatkit it must not let one holder see another's threads;
 * real server-to-server callers mint a chat JWT per end user with an API token.
 */
let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;
let apiToken: string;

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

beforeAll(async () => {
  t = await startTestApp();
  ck = chatkitClient(t.baseUrl);
  ({ cookie } = await ck.owner());
  apiToken = (await ck.api.post('/auth/tokens', { name: 'server' }, { cookie })).body.token;
});
afterAll(() => t?.close());

async function createThread(token: string, text: string): Promise<string> {
  const res = await ck.call(token, 'threads.create', { input: input(text) });
  expect(res.status).toBe(200);
  return res.events[0]!.thread.id;
}

describe('a publish token used as a Bearer', () => {
  it('can chat, but no holder of the link sees, reads, renames or deletes another holder’s threads', async () => {
    const wf = await ck.workflow(cookie);
    const publishToken = await ck.publish(cookie, wf);
    const victimThread = await createThread(publishToken, 'my secret question');

    const list = await ck.call(publishToken, 'threads.list', { limit: 50 });
    expect(list.status).toBe(200);
    expect(list.body.data.map((th: { id: string }) => th.id)).not.toContain(victimThread);
    const read = await ck.call(publishToken, 'threads.get_by_id', { thread_id: victimThread });
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('thread.not_found');
    const rename = await ck.call(publishToken, 'threads.update', { thread_id: victimThread, title: 'pwned' });
    expect(rename.status).toBe(404);
    const del = await ck.call(publishToken, 'threads.delete', { thread_id: victimThread });
    expect(del.status).toBe(404);
    const rows = await t.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "ChatThread" WHERE id = $1', [victimThread]);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('POST /workflows/:id/chatkit/session {user} with an API token', () => {
  it('mints a public chat JWT for ext:<user>; each external user sees only their own threads', async () => {
    const wf = await ck.workflow(cookie);
    await ck.publish(cookie, wf);
    const mint = (user: string) => ck.api.post(`/workflows/${wf}/chatkit/session`, { user }, { bearer: apiToken, origin: null });

    const alice = await mint('alice@example.com');
    expect(alice.status).toBe(200);
    expect(alice.body.expiresAt).toEqual(expect.any(String));
    expect(claimsOf(alice.body.token)).toMatchObject({ sub: 'ext:alice@example.com', wf, mode: 'public', gen: expect.any(Number) });
    const thread = await createThread(alice.body.token, 'hello from alice');

    const bob = (await mint('bob')).body.token;
    expect((await ck.call(bob, 'threads.list')).body.data).toEqual([]);
    expect((await ck.call(bob, 'threads.get_by_id', { thread_id: thread })).status).toBe(404);

    const aliceAgain = (await mint('alice@example.com')).body.token;
    const list = await ck.call(aliceAgain, 'threads.list');
    expect(list.body.data.map((th: { id: string }) => th.id)).toEqual([thread]);

    // Not minted from a share link, the session outlives a link's rotation, but not unpublishing.
    await ck.api.post(`/workflows/${wf}/publish/rotate`, undefined, { cookie });
    expect((await ck.call(aliceAgain, 'threads.list')).status).toBe(200);
    await ck.api.post(`/workflows/${wf}/publish/revoke`, undefined, { cookie });
    expect((await ck.call(aliceAgain, 'threads.list')).body.code).toBe('auth.token_revoked');
  });

  it('is for published workflows of the token’s owner only, with a bounded user id', async () => {
    const wf = await ck.workflow(cookie);
    const mint = (body: object, bearer = apiToken) =>
      ck.api.post(`/workflows/${wf}/chatkit/session`, body, { bearer, origin: null });
    const unpublished = await mint({ user: 'alice' });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.code).toBe('publish.not_published');

    await ck.publish(cookie, wf);
    for (const user of ['', 'a'.repeat(129), 'has space', 'new\nline', 'ünï']) {
      const res = await mint({ user });
      expect({ user, status: res.status, code: res.body.code }).toEqual({ user, status: 400, code: 'request.invalid' });
    }
    expect((await mint({ user: 'ok', extra: 1 })).status).toBe(400);

    const stranger = await ck.owner();
    const strangerToken = (await ck.api.post('/auth/tokens', { name: 's' }, { cookie: stranger.cookie })).body.token;
    const foreign = await mint({ user: 'alice' }, strangerToken);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('workflow.not_found');

    // A browser session (Canvas) cannot mint for external users: that is an API token's job.
    const fromCanvas = await ck.api.post(`/workflows/${wf}/chatkit/session`, { user: 'alice' }, { cookie });
    expect(fromCanvas.status).toBe(403);
    expect(fromCanvas.body.code).toBe('auth.forbidden');
  });

  it('keeps minting a canvas token when called without a user', async () => {
    const wf = await ck.workflow(cookie);
    const noBody = await ck.api.post(`/workflows/${wf}/chatkit/session`, undefined, { cookie });
    expect(noBody.status).toBe(200);
    expect(claimsOf(noBody.body.token)).toMatchObject({ mode: 'canvas' });
    const withApiToken = await ck.api.post(`/workflows/${wf}/chatkit/session`, {}, { bearer: apiToken, origin: null });
    expect(claimsOf(withApiToken.body.token)).toMatchObject({ mode: 'canvas' });
  });
});
