import { createHash } from 'node:crypto';
import { PUBLISH_TOKEN_PATTERN } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input } from './support/chatkit.js';
import { signUp } from './support/http.js';
import { startTestApp, startTwoTestApps, type TestApp, type TwoTestApps } from './support/test-app.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
const SITE = 'https://www.example.com';

describe('named share links, one instance', () => {
  let t: TestApp;
  let ck: ReturnType<typeof chatkitClient>;
  let owner: { cookie: string };
  let wf: string;
  let firstToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    ck = chatkitClient(t.baseUrl);
    owner = await ck.owner();
    wf = await ck.workflow(owner.cookie);
    firstToken = await ck.publish(owner.cookie, wf);
  });
  afterAll(() => t?.close());

  const links = (path = '') => `/workflows/${wf}/links${path}`;
  const mint = (publishToken: string, origin?: string | null) =>
    ck.api.post(`/public/workflows/${wf}/session`, { publishToken }, { origin });

  it('creates a named link whose token is shown once and stored only hashed', async () => {
    const res = await ck.api.post(links(), { label: 'Newsletter' }, owner);
    expect(res.status).toBe(201);
    const { link, publishToken, shareUrl, embedSnippet } = res.body;
    expect(publishToken).toMatch(PUBLISH_TOKEN_PATTERN);
    expect(shareUrl).toBe(`${t.config.publicBaseUrl}/chat/${wf}#t=${publishToken}`);
    expect(embedSnippet).toBeUndefined();
    expect(link).toEqual({
      id: expect.stringMatching(/^lnk_/),
      label: 'Newsletter',
      kind: 'link',
      tokenHint: publishToken.slice(-4),
      allowedOrigins: [],
      createdAt: expect.any(String),
      lastUsedAt: null,
      rotatedAt: null,
    });

    const list = await ck.api.get(links(), owner);
    expect(list.status).toBe(200);
    expect(list.body.data.map((l: { label: string }) => l.label)).toEqual(['Default link', 'Newsletter']);
    expect(JSON.stringify(list.body)).not.toContain(publishToken);
    expect(JSON.stringify(list.body)).not.toContain(sha256(publishToken));

    // The new link opens sessions, records its use, and its JWTs name it.
    const session = await mint(publishToken);
    expect(session.status).toBe(200);
    expect(claimsOf(session.body.token).lnk).toEqual({ id: link.id, gen: 0 });
    const used = (await ck.api.get(links(), owner)).body.data.find((l: { id: string }) => l.id === link.id);
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('refuses bad input with request.invalid and an unpublished workflow with publish.not_published', async () => {
    for (const body of [
      { label: 'Site', kind: 'embed' },
      { label: 'Site', kind: 'embed', allowedOrigins: [] },
      { label: 'Site', kind: 'embed', allowedOrigins: ['https://www.example.com/'] },
      { label: 'Site', kind: 'embed', allowedOrigins: ['https://www.example.com/path'] },
      { label: 'Site', kind: 'embed', allowedOrigins: ['www.example.com'] },
      { label: 'Site', kind: 'embed', allowedOrigins: ['ftp://example.com'] },
      { label: 'Site', kind: 'embed', allowedOrigins: ['https://user@example.com'] },
      { label: 'Plain', allowedOrigins: [SITE] },
      { label: '' },
      { label: 'x', extra: true },
    ]) {
      const res = await ck.api.post(links(), body, owner);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('request.invalid');
    }
    const draft = await ck.workflow(owner.cookie);
    const res = await ck.api.post(`/workflows/${draft}/links`, { label: 'Too early' }, owner);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('publish.not_published');
  });

  it('rotating a link cuts its sessions at their next request and leaves the other links alone', async () => {
    const created = (await ck.api.post(links(), { label: 'Partners' }, owner)).body;
    const fromLink = await ck.visitorToken(wf, created.publishToken);
    const fromFirst = await ck.visitorToken(wf, firstToken);
    expect((await ck.call(fromLink, 'threads.list')).status).toBe(200); // the access cache holds the state

    const rotated = await ck.api.post(links(`/${created.link.id}/rotate`), undefined, owner);
    expect(rotated.status).toBe(200);
    expect(rotated.body.publishToken).not.toBe(created.publishToken);
    expect(rotated.body.link).toMatchObject({ id: created.link.id, tokenHint: rotated.body.publishToken.slice(-4) });
    expect(rotated.body.link.rotatedAt).not.toBeNull();

    const cut = await ck.call(fromLink, 'threads.list');
    expect(cut.status).toBe(401);
    expect(cut.body.code).toBe('auth.token_revoked');
    expect((await mint(created.publishToken)).body.code).toBe('publish.invalid_token');
    expect((await ck.call(fromFirst, 'threads.list')).status).toBe(200);
    const again = await mint(rotated.body.publishToken);
    expect(claimsOf(again.body.token).lnk).toEqual({ id: created.link.id, gen: 1 });
    expect((await ck.call(again.body.token, 'threads.list')).status).toBe(200);
  });

  it('deleting a link cuts its sessions; publish/rotate rotates only the first link', async () => {
    const created = (await ck.api.post(links(), { label: 'Doomed' }, owner)).body;
    const fromLink = await ck.visitorToken(wf, created.publishToken);
    const other = (await ck.api.post(links(), { label: 'Survivor' }, owner)).body;
    const fromOther = await ck.visitorToken(wf, other.publishToken);
    expect((await ck.call(fromLink, 'threads.list')).status).toBe(200);

    expect((await ck.api.delete(links(`/${created.link.id}`), owner)).status).toBe(204);
    expect((await ck.call(fromLink, 'threads.list')).body.code).toBe('auth.token_revoked');
    expect((await mint(created.publishToken)).status).toBe(401);
    const gone = await ck.api.delete(links(`/${created.link.id}`), owner);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('link.not_found');

    const fromFirst = await ck.visitorToken(wf, firstToken);
    const rotated = await ck.api.post(`/workflows/${wf}/publish/rotate`, undefined, owner);
    expect(rotated.status).toBe(200);
    expect(rotated.body.link.label).toBe('Default link');
    expect(rotated.body.workflow.publish.tokenHint).toBe(rotated.body.publishToken.slice(-4));
    firstToken = rotated.body.publishToken;
    expect((await ck.call(fromFirst, 'threads.list')).body.code).toBe('auth.token_revoked');
    expect((await ck.call(fromOther, 'threads.list')).status).toBe(200);
  });

  it('renames a link and audits every change', async () => {
    const created = (await ck.api.post(links(), { label: 'Old name' }, owner)).body;
    const renamed = await ck.api.patch(links(`/${created.link.id}`), { label: 'New name' }, owner);
    expect(renamed.status).toBe(200);
    expect(renamed.body.link).toMatchObject({ id: created.link.id, label: 'New name' });
    const origins = await ck.api.patch(links(`/${created.link.id}`), { allowedOrigins: [SITE] }, owner);
    expect(origins.status).toBe(400);
    await ck.api.post(links(`/${created.link.id}/rotate`), undefined, owner);
    await ck.api.delete(links(`/${created.link.id}`), owner);
    const audit = (await ck.api.get(`/workflows/${wf}/audit`, owner)).body.data as {
      action: string;
      details: { linkId?: string };
    }[];
    const mine = audit.filter((e) => e.details?.linkId === created.link.id).map((e) => e.action);
    expect(mine).toEqual(['link.delete', 'link.rotate', 'link.update', 'link.create']);
  });

  it('records on each thread the link its session came from', async () => {
    const created = (await ck.api.post(links(), { label: 'Campaign' }, owner)).body;
    const fromLink = await ck.visitorToken(wf, created.publishToken);
    expect((await ck.call(fromLink, 'threads.create', { input: input('hello') })).status).toBe(200);
    const owner2 = await ck.owner();
    const canvas = await ck.canvasToken(owner2.cookie, await ck.workflow(owner2.cookie));
    expect((await ck.call(canvas, 'threads.create', { input: input('draft') })).status).toBe(200);
    const rows = await t.database.db.sql.query<{ mode: string; linkId: string | null }>(
      'SELECT mode, "linkId" FROM "ChatThread" WHERE "linkId" = $1 OR mode = $2',
      [created.link.id, 'canvas'],
    );
    expect(rows.sort((a, b) => a.mode.localeCompare(b.mode))).toEqual([
      { mode: 'canvas', linkId: null },
      { mode: 'public', linkId: created.link.id },
    ]);
  });

  it("answers 404 link.not_found for another workflow's or another user's link", async () => {
    const created = (await ck.api.post(links(), { label: 'Mine' }, owner)).body;
    const otherWf = await ck.workflow(owner.cookie);
    await ck.publish(owner.cookie, otherWf);
    for (const res of [
      await ck.api.post(`/workflows/${otherWf}/links/${created.link.id}/rotate`, undefined, owner),
      await ck.api.patch(`/workflows/${otherWf}/links/${created.link.id}`, { label: 'x' }, owner),
      await ck.api.delete(`/workflows/${otherWf}/links/${created.link.id}`, owner),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('link.not_found');
    }
    const stranger = await signUp(t.baseUrl);
    for (const res of [
      await ck.api.get(links(), stranger),
      await ck.api.post(links(), { label: 'x' }, stranger),
      await ck.api.post(links(`/${created.link.id}/rotate`), undefined, stranger),
      await ck.api.delete(links(`/${created.link.id}`), stranger),
    ]) {
      expect(res.status).toBe(404);
    }
    // A token of one workflow's link opens no other workflow.
    const elsewhere = await ck.api.post(`/public/workflows/${otherWf}/session`, { publishToken: created.publishToken });
    expect(elsewhere.status).toBe(401);
    expect((await mint(created.publishToken)).status).toBe(200);
  });

  it('revoke unpublishes every link; publishing again starts with a fresh first link', async () => {
    const w = await ck.workflow(owner.cookie);
    const first = await ck.publish(owner.cookie, w);
    const second = (await ck.api.post(`/workflows/${w}/links`, { label: 'Second' }, owner)).body.publishToken;
    const session = await ck.visitorToken(w, second);
    expect((await ck.api.post(`/workflows/${w}/publish/revoke`, undefined, owner)).status).toBe(200);
    expect((await ck.call(session, 'threads.list')).body.code).toBe('auth.token_revoked');
    expect((await ck.api.get(`/workflows/${w}/links`, owner)).body.data).toEqual([]);

    const again = await ck.api.post(`/workflows/${w}/publish`, {}, owner);
    expect(again.status).toBe(201);
    expect((await ck.api.get(`/workflows/${w}/links`, owner)).body.data.map((l: { label: string }) => l.label)).toEqual(
      ['Default link'],
    );
    for (const old of [first, second]) {
      expect((await ck.api.post(`/public/workflows/${w}/session`, { publishToken: old })).status).toBe(401);
    }
  });
});

describe('embed links and origins', () => {
  let t: TestApp;
  let ck: ReturnType<typeof chatkitClient>;
  let owner: { cookie: string };
  let wf: string;
  let embed: { link: { id: string }; publishToken: string; embedSnippet: string };

  beforeAll(async () => {
    t = await startTestApp();
    ck = chatkitClient(t.baseUrl);
    owner = await ck.owner();
    wf = await ck.workflow(owner.cookie);
    await ck.publish(owner.cookie, wf);
    const res = await ck.api.post(
      `/workflows/${wf}/links`,
      { label: 'Website', kind: 'embed', allowedOrigins: [SITE, 'http://localhost:8080'] },
      owner,
    );
    expect(res.status).toBe(201);
    embed = res.body;
  });
  afterAll(() => t?.close());

  const mint = (origin: string | null, publishToken = embed.publishToken) =>
    ck.api.post(`/public/workflows/${wf}/session`, { publishToken }, { origin });

  it('answers the snippet to paste', () => {
    expect(embed.embedSnippet).toBe(
      `<script src="${t.config.publicBaseUrl}/embed.js" data-workflow="${wf}" data-token="${embed.publishToken}" async></script>`,
    );
  });

  it('mints a session for a listed origin, readable by that page, with a partitioned visitor cookie', async () => {
    const res = await mint(SITE);
    expect(res.status).toBe(200);
    expect(claimsOf(res.body.token)).toMatchObject({ wf, mode: 'public', lnk: { id: embed.link.id, gen: 0 } });
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const vid = res.setCookie.find((c) => c.startsWith('vid='))!;
    expect(vid).toMatch(/; Secure/i);
    expect(vid).toMatch(/; SameSite=None/i);
    expect(vid).toMatch(/; Partitioned/i);
    expect((await ck.call(res.body.token, 'threads.list')).status).toBe(200);
  });

  it('refuses another origin, our own pages and a missing Origin with 403 embed.origin_not_allowed', async () => {
    for (const origin of [
      'https://evil.example',
      'https://www.example.com:8443',
      'http://www.example.com',
      t.baseUrl,
      null,
    ]) {
      const res = await mint(origin);
      expect(res.status, String(origin)).toBe(403);
      expect(res.body.code).toBe('embed.origin_not_allowed');
      expect(res.setCookie.some((c) => c.startsWith('vid='))).toBe(false);
    }
    // The publish token used directly as a bearer is bound the same way.
    const bearer = await ck.api.post(
      '/chatkit',
      { type: 'threads.list', params: {} },
      { bearer: embed.publishToken, origin: null },
    );
    expect(bearer.status).toBe(403);
    expect(bearer.body.code).toBe('embed.origin_not_allowed');
  });

  it('keeps a plain link usable only from our own pages', async () => {
    const plain = (await ck.api.post(`/workflows/${wf}/links`, { label: 'Plain' }, owner)).body.publishToken;
    expect((await mint(null, plain)).status).toBe(200);
    expect((await mint(t.baseUrl, plain)).status).toBe(200);
    const foreign = await mint(SITE, plain);
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('auth.csrf_rejected');
  });

  it('answers the preflight of a loader on another site', async () => {
    const res = await fetch(`${t.baseUrl}/api/public/workflows/${wf}/session`, {
      method: 'OPTIONS',
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('follows an edit of the allowed origins', async () => {
    const patched = await ck.api.patch(
      `/workflows/${wf}/links/${embed.link.id}`,
      { allowedOrigins: ['https://other.example'] },
      owner,
    );
    expect(patched.status).toBe(200);
    expect(patched.body.link.allowedOrigins).toEqual(['https://other.example']);
    expect((await mint(SITE)).status).toBe(403);
    expect((await mint('https://other.example')).status).toBe(200);
    const empty = await ck.api.patch(`/workflows/${wf}/links/${embed.link.id}`, { allowedOrigins: [] }, owner);
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('request.invalid');
  });
});

const shared = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

describe.runIf(shared)('per-link rotation and deletion, two instances sharing PostgreSQL and Redis', () => {
  let apps: TwoTestApps;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    apps = await startTwoTestApps();
    ({ a, b } = apps);
  });
  afterAll(() => apps?.close());

  it('a rotation or deletion on A is refused on B at the next request; the other links go on', async () => {
    const onA = chatkitClient(a.baseUrl);
    const onB = chatkitClient(b.baseUrl);
    const { cookie } = await onA.owner();
    const wf = await onA.workflow(cookie);
    const first = await onA.publish(cookie, wf);
    const rotating = (await onA.api.post(`/workflows/${wf}/links`, { label: 'Rotating' }, { cookie })).body;
    const deleting = (await onA.api.post(`/workflows/${wf}/links`, { label: 'Deleting' }, { cookie })).body;
    const sessions = {
      first: await onB.visitorToken(wf, first),
      rotating: await onB.visitorToken(wf, rotating.publishToken),
      deleting: await onB.visitorToken(wf, deleting.publishToken),
    };
    for (const s of Object.values(sessions)) expect((await onB.call(s, 'threads.list')).status).toBe(200); // B caches the state

    expect(
      (await onA.api.post(`/workflows/${wf}/links/${rotating.link.id}/rotate`, undefined, { cookie })).status,
    ).toBe(200);
    expect((await onB.call(sessions.rotating, 'threads.list')).body.code).toBe('auth.token_revoked');
    expect((await onB.call(sessions.deleting, 'threads.list')).status).toBe(200);

    expect((await onA.api.delete(`/workflows/${wf}/links/${deleting.link.id}`, { cookie })).status).toBe(204);
    expect((await onB.call(sessions.deleting, 'threads.list')).body.code).toBe('auth.token_revoked');
    expect((await onB.call(sessions.first, 'threads.list')).status).toBe(200);
  });
});
