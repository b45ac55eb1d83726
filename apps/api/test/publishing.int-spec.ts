import { createHash } from 'node:crypto';
import { PUBLISH_TOKEN_PATTERN } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signUp } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createWorkflow, templateDefinition } from './support/workflows.js';

let t: TestApp;
let api: ReturnType<typeof client>;
let owner: { cookie: string; user: { id: string } };

beforeAll(async () => {
  t = await startTestApp();
  api = client(t.baseUrl);
  owner = await signUp(t.baseUrl);
});
afterAll(() => t.close());

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

describe('publish', () => {
  it('returns the token and share link exactly once, and stores only its hash', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const res = await api.post(`/workflows/${w.id}/publish`, { requireLogin: false }, owner);
    expect(res.status).toBe(201);
    const token = res.body.publishToken as string;
    expect(token).toMatch(PUBLISH_TOKEN_PATTERN);
    expect(res.body.shareUrl).toBe(`${t.config.publicBaseUrl}/chat/${w.id}#t=${token}`);
    expect(res.body.workflow.publish).toMatchObject({
      isPublic: true,
      requireLogin: false,
      publishedVersion: 1,
      tokenHint: token.slice(-4),
      shareUrl: `${t.config.publicBaseUrl}/chat/${w.id}`,
      publishedBy: { id: owner.user.id },
    });

    const later = await api.get(`/workflows/${w.id}`, owner);
    const list = await api.get('/workflows', owner);
    for (const body of [later.body, list.body]) {
      expect(JSON.stringify(body)).not.toContain(token);
      expect(JSON.stringify(body)).not.toContain(sha256(token));
    }
    const [row] = await t.database.db.sql.query<{ tokenHash: string; publishGeneration: number; label: string }>(
      'SELECT l."tokenHash", w."publishGeneration", l."label" FROM "Workflow" w JOIN "ShareLink" l ON l."workflowId" = w.id WHERE w.id = $1',
      [w.id],
    );
    expect(row).toEqual({ tokenHash: sha256(token), publishGeneration: 1, label: 'Default link' });
    expect(res.body.link).toMatchObject({ id: expect.stringMatching(/^lnk_/), label: 'Default link', kind: 'link', tokenHint: token.slice(-4) });

    const again = await api.post(`/workflows/${w.id}/publish`, {}, owner);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('publish.already_published');
  });

  it('pins a chosen version and lets the owner move the pin', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie, { definition: templateDefinition('one') });
    await api.patch(`/workflows/${w.id}`, { definition: templateDefinition('two'), version: 1 }, owner);
    const pub = await api.post(`/workflows/${w.id}/publish`, { version: 1 }, owner);
    expect(pub.body.workflow.publish.publishedVersion).toBe(1);
    expect((await api.post(`/workflows/${w.id}/publish/rotate`, undefined, owner)).status).toBe(200);
    const moved = await api.patch(`/workflows/${w.id}/publish`, { version: 2 }, owner);
    expect(moved.status).toBe(200);
    expect(moved.body.workflow.publish.publishedVersion).toBe(2);
    const missing = await api.patch(`/workflows/${w.id}/publish`, { version: 7 }, owner);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('workflow.version_not_found');
  });
});

describe('rotate and revoke', () => {
  it('rotation replaces the token: the old link stops opening sessions, the new one works', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const first = (await api.post(`/workflows/${w.id}/publish`, {}, owner)).body.publishToken;
    const rotated = await api.post(`/workflows/${w.id}/publish/rotate`, undefined, owner);
    expect(rotated.status).toBe(200);
    const second = rotated.body.publishToken;
    expect(second).not.toBe(first);
    expect(rotated.body.workflow.publish.publishTokenRotatedAt).not.toBeNull();

    const old = await api.post(`/public/workflows/${w.id}/session`, { publishToken: first });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('publish.invalid_token');
    const fresh = await api.post(`/public/workflows/${w.id}/session`, { publishToken: second });
    expect(fresh.status).toBe(200);
    // The first link's generation moved on; the workflow's stays (other links keep their sessions).
    expect(claimsOf(fresh.body.token)).toMatchObject({ gen: 1, lnk: { id: rotated.body.link.id, gen: 1 } });
  });

  it('revoke unpublishes: metadata and sessions answer 404 like an unknown workflow', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const token = (await api.post(`/workflows/${w.id}/publish`, {}, owner)).body.publishToken;
    expect((await api.get(`/public/workflows/${w.id}`)).status).toBe(200);
    const revoked = await api.post(`/workflows/${w.id}/publish/revoke`, undefined, owner);
    expect(revoked.status).toBe(200);
    expect(revoked.body.workflow.publish).toMatchObject({ isPublic: false, tokenHint: null, shareUrl: null });

    const meta = await api.get(`/public/workflows/${w.id}`);
    const unknown = await api.get('/public/workflows/wf_neverexisted');
    expect(meta.status).toBe(404);
    expect(meta.body).toEqual(unknown.body);
    expect(meta.body.code).toBe('workflow.not_found');
    expect((await api.post(`/public/workflows/${w.id}/session`, { publishToken: token })).status).toBe(404);
  });

  it('rotate, revoke and PATCH answer 409 publish.not_published on an unpublished workflow', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    for (const res of [
      await api.post(`/workflows/${w.id}/publish/rotate`, undefined, owner),
      await api.post(`/workflows/${w.id}/publish/revoke`, undefined, owner),
      await api.patch(`/workflows/${w.id}/publish`, { requireLogin: true }, owner),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('publish.not_published');
    }
  });

  it('concurrent rotations: exactly one wins and only its token is valid', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    await api.post(`/workflows/${w.id}/publish`, {}, owner);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => api.post(`/workflows/${w.id}/publish/rotate`, undefined, owner)),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const loser of results.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(409);
      expect(loser.body.code).toBe('publish.conflict');
    }
    const valid = [];
    for (const r of winners) {
      const s = await api.post(`/public/workflows/${w.id}/session`, { publishToken: r.body.publishToken });
      if (s.status === 200) valid.push(r.body.publishToken);
    }
    expect(valid).toHaveLength(1);
    const [row] = await t.database.db.sql.query<{ generation: number }>(
      'SELECT "generation" FROM "ShareLink" WHERE "workflowId" = $1',
      [w.id],
    );
    expect(row!.generation).toBe(winners.length);
  });

  it('concurrent publishes: exactly one returns a token', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const results = await Promise.all(Array.from({ length: 5 }, () => api.post(`/workflows/${w.id}/publish`, {}, owner)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(['publish.already_published', 'publish.conflict']).toContain(r.body.code);
    }
  });
});

describe('require login', () => {
  it('refuses an anonymous visitor and admits a signed-in one, as themselves', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const token = (await api.post(`/workflows/${w.id}/publish`, { requireLogin: true }, owner)).body.publishToken;
    expect((await api.get(`/public/workflows/${w.id}`)).body.requireLogin).toBe(true);

    const anonymous = await api.post(`/public/workflows/${w.id}/session`, { publishToken: token });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('auth.login_required');

    // A header cannot claim a login; only the real session counts.
    const spoof = await api.post(`/public/workflows/${w.id}/session`, { publishToken: token }, {
      headers: { 'x-user-id': owner.user.id },
    });
    expect(spoof.status).toBe(401);

    const visitor = await signUp(t.baseUrl);
    const ok = await api.post(`/public/workflows/${w.id}/session`, { publishToken: token }, visitor);
    expect(ok.status).toBe(200);
    expect(claimsOf(ok.body.token)).toMatchObject({ sub: visitor.user.id, wf: w.id, mode: 'public' });
  });

  it('PATCH is idempotent and audited once per real change', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    await api.post(`/workflows/${w.id}/publish`, {}, owner);
    for (let i = 0; i < 3; i++) {
      const res = await api.patch(`/workflows/${w.id}/publish`, { requireLogin: true }, owner);
      expect(res.status).toBe(200);
      expect(res.body.workflow.publish.requireLogin).toBe(true);
    }
    await api.patch(`/workflows/${w.id}/publish`, { requireLogin: false }, owner);
    const audit = await api.get(`/workflows/${w.id}/audit`, owner);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['require_login.off', 'require_login.on', 'publish']);
  });
});

describe('visitor sessions', () => {
  it('mint a 5-minute public JWT with the spec claims and set an HttpOnly vid cookie once', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie, { name: 'Public bot' });
    const token = (await api.post(`/workflows/${w.id}/publish`, {}, owner)).body.publishToken;
    const res = await api.post(`/public/workflows/${w.id}/session`, { publishToken: token });
    expect(res.status).toBe(200);
    expect(res.body.workflow).toEqual({ id: w.id, name: 'Public bot', requireLogin: false });
    const vidCookie = res.setCookie.find((c) => c.startsWith('vid='))!;
    expect(vidCookie).toMatch(/HttpOnly/i);
    expect(vidCookie).toMatch(/Max-Age=31536000/);
    const claims = claimsOf(res.body.token);
    expect(claims).toMatchObject({ aud: 'chatkit', wf: w.id, mode: 'public', gen: 1, ver: 1, sub: `visitor:${res.cookies.vid}` });
    expect(claims.exp - claims.iat).toBe(300);
    expect(new Date(res.body.expiresAt).getTime()).toBe(claims.exp * 1000);

    const again = await api.post(`/public/workflows/${w.id}/session`, { publishToken: token }, { cookie: `vid=${res.cookies.vid}` });
    expect(again.setCookie.some((c) => c.startsWith('vid='))).toBe(false);
    expect(claimsOf(again.body.token).sub).toBe(`visitor:${res.cookies.vid}`);
  });

  it('serve the public metadata of the published version only', async () => {
    const def = { ...templateDefinition('hi'), chat: { greeting: 'Welcome!', prompts: [{ label: 'Price', prompt: 'How much?' }] } };
    const w = await createWorkflow(t.baseUrl, owner.cookie, { name: 'Meta', definition: def });
    expect((await api.get(`/public/workflows/${w.id}`)).status).toBe(404);
    await api.post(`/workflows/${w.id}/publish`, {}, owner);
    const meta = await api.get(`/public/workflows/${w.id}`);
    expect(meta.body).toEqual({
      id: w.id,
      name: 'Meta',
      requireLogin: false,
      chat: {
        title: null,
        greeting: 'Welcome!',
        prompts: [{ label: 'Price', prompt: 'How much?' }],
        placeholder: null,
        disclaimer: null,
        theme: {},
      },
    });
  });

  it("serve the published version's appearance, not the draft's", async () => {
    const appearance = {
      title: 'Acme help',
      placeholder: 'Ask about your order',
      disclaimer: 'Answers may be wrong.',
      theme: { colorScheme: 'dark', accentColor: '#0f766e', radius: 'large', density: 'compact' },
    };
    const w = await createWorkflow(t.baseUrl, owner.cookie, {
      name: 'Themed',
      definition: { ...templateDefinition('hi'), chat: appearance },
    });
    await api.post(`/workflows/${w.id}/publish`, {}, owner);
    const draft = { ...templateDefinition('hi'), chat: { theme: { colorScheme: 'light' } } };
    expect((await api.patch(`/workflows/${w.id}`, { definition: draft, version: 1 }, owner)).status).toBe(200);

    const meta = await api.get(`/public/workflows/${w.id}`);
    expect(meta.body.chat).toEqual({ greeting: null, prompts: [], ...appearance });
  });

  it('refuse an accent color that is not a hex color, naming the field', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const definition = { ...templateDefinition('hi'), chat: { theme: { accentColor: 'url(https://x)' } } };
    const res = await api.patch(`/workflows/${w.id}`, { definition, version: 1 }, owner);
    expect(res.status).toBe(400);
    expect(res.body.issues).toContainEqual({
      path: 'chat.theme.accentColor',
      message: 'must be a hex color such as #2563eb',
    });
  });

  it("serve the chat's language when the definition sets one", async () => {
    const def = { ...templateDefinition('hi'), chat: { locale: 'ar' } };
    const w = await createWorkflow(t.baseUrl, owner.cookie, { name: 'Arabic', definition: def });
    await api.post(`/workflows/${w.id}/publish`, {}, owner);
    expect((await api.get(`/public/workflows/${w.id}`)).body.chat).toMatchObject({ locale: 'ar' });
  });

  it('canvas sessions are for the owner only and run the latest version', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    await api.patch(`/workflows/${w.id}`, { definition: templateDefinition('draft'), version: 1 }, owner);
    const res = await api.post(`/workflows/${w.id}/chatkit/session`, undefined, owner);
    expect(res.status).toBe(200);
    expect(claimsOf(res.body.token)).toMatchObject({ sub: owner.user.id, wf: w.id, mode: 'canvas', ver: 2 });
    const stranger = await signUp(t.baseUrl);
    expect((await api.post(`/workflows/${w.id}/chatkit/session`, undefined, stranger)).status).toBe(404);
  });
});

describe('owner only', () => {
  it("another user cannot publish, rotate, revoke, patch or read the audit of someone's workflow", async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    await api.post(`/workflows/${w.id}/publish`, {}, owner);
    const stranger = await signUp(t.baseUrl);
    for (const res of [
      await api.post(`/workflows/${w.id}/publish`, {}, stranger),
      await api.post(`/workflows/${w.id}/publish/rotate`, undefined, stranger),
      await api.post(`/workflows/${w.id}/publish/revoke`, undefined, stranger),
      await api.patch(`/workflows/${w.id}/publish`, { requireLogin: true }, stranger),
      await api.get(`/workflows/${w.id}/audit`, stranger),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('workflow.not_found');
    }
  });
});

describe('audit', () => {
  it('records publish, rotate, revoke, require-login and version changes with actor and masked hint', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    await api.patch(`/workflows/${w.id}`, { definition: templateDefinition('v2'), version: 1 }, owner);
    const t1 = (await api.post(`/workflows/${w.id}/publish`, { version: 1 }, owner)).body.publishToken as string;
    const t2 = (await api.post(`/workflows/${w.id}/publish/rotate`, undefined, owner)).body.publishToken as string;
    await api.patch(`/workflows/${w.id}/publish`, { requireLogin: true, version: 2 }, owner);
    await api.post(`/workflows/${w.id}/publish/revoke`, undefined, owner);
    const { body } = await api.get(`/workflows/${w.id}/audit`, owner);
    const events = [...body.data].reverse();
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'publish',
      'rotate',
      'require_login.on',
      'version.change',
      'revoke',
    ]);
    expect(events[0].tokenHint).toBe(`…${t1.slice(-4)}`);
    expect(events[1].tokenHint).toBe(`…${t2.slice(-4)}`);
    expect(events[3].details).toEqual({ from: 1, to: 2 });
    expect(events.every((e: { actor: { id: string } }) => e.actor.id === owner.user.id)).toBe(true);
    expect(JSON.stringify(body)).not.toContain(t1);
    expect(JSON.stringify(body)).not.toContain(t2);
  });
});
