import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signUp, uniqueEmail } from './support/http.js';
import { listRoutes } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_15MIN: '4' } });
  api = client(t.baseUrl);
});
afterAll(() => t.close());

describe('sign-up', () => {
  it('creates the user and starts a session in an HttpOnly, SameSite=Lax cookie', async () => {
    const email = uniqueEmail();
    const res = await api.post('/auth/signup', { email, password: 'long enough pw', name: 'Ada' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, name: 'Ada' });
    expect(res.body.user.passwordHash).toBeUndefined();
    const cookie = res.setCookie.find((c) => c.startsWith('sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // served over http here

    const me = await api.get('/auth/me', { cookie: `sid=${res.cookies.sid}` });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
  });

  it('stores only the SHA-256 of the session token, and an Argon2id password hash', async () => {
    const { cookie, user } = await signUp(t.baseUrl);
    const token = cookie.slice('sid='.length);
    const rows = await t.database.db.sql.query<{ tokenHash: string }>(
      'SELECT "tokenHash" FROM "Session" WHERE "userId" = $1',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.tokenHash).not.toContain(token);
    const [u] = await t.database.db.sql.query<{ passwordHash: string }>('SELECT "passwordHash" FROM "User" WHERE id = $1', [
      user.id,
    ]);
    expect(u!.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a taken email, a short password and unknown fields with clear 4xx codes', async () => {
    const { email } = await signUp(t.baseUrl);
    const taken = await api.post('/auth/signup', { email, password: 'another password' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('auth.email_taken');

    const short = await api.post('/auth/signup', { email: uniqueEmail(), password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('request.invalid');
    expect(short.body.message).toMatch(/password/);

    const extra = await api.post('/auth/signup', { email: uniqueEmail(), password: 'long enough pw', role: 'admin' });
    expect(extra.status).toBe(400);
    expect(extra.body.code).toBe('request.invalid');
  });
});

describe('ALLOW_SIGNUP=false', () => {
  it('lets the first user sign up and refuses later ones', async () => {
    const closed = await startTestApp({ env: { ALLOW_SIGNUP: 'false' } });
    try {
      const c = client(closed.baseUrl);
      expect((await c.get('/auth/providers')).body).toEqual({ signupAllowed: true, oidc: null });
      expect((await c.post('/auth/signup', { email: uniqueEmail(), password: 'first user pw' })).status).toBe(201);
      const second = await c.post('/auth/signup', { email: uniqueEmail(), password: 'second user pw' });
      expect(second.status).toBe(403);
      expect(second.body.code).toBe('auth.signup_closed');
      expect((await c.get('/auth/providers')).body.signupAllowed).toBe(false);
    } finally {
      await closed.close();
    }
  });
});

describe('login and logout', () => {
  it('signs in with the right password', async () => {
    const { email, password } = await signUp(t.baseUrl);
    const res = await api.post('/auth/login', { email, password });
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(email);
    expect(res.cookies.sid).toBeTruthy();
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const { email } = await signUp(t.baseUrl);
    const wrong = await api.post('/auth/login', { email, password: 'not the password' });
    const unknown = await api.post('/auth/login', { email: uniqueEmail('ghost'), password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ code: 'auth.invalid_credentials', message: 'Wrong email or password.' });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.setCookie).toEqual([]);
  });

  it('rate-limits login attempts per IP + email with a real Retry-After', async () => {
    const { email, password } = await signUp(t.baseUrl);
    for (let i = 0; i < 4; i++) {
      expect((await api.post('/auth/login', { email, password: 'wrong password!' })).status).toBe(401);
    }
    const limited = await api.post('/auth/login', { email, password });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another email from the same IP is counted separately.
    const other = await signUp(t.baseUrl);
    expect((await api.post('/auth/login', { email: other.email, password: other.password })).status).toBe(200);
  });

  it('logout deletes the session: the old cookie stops working', async () => {
    const { cookie, user } = await signUp(t.baseUrl);
    const out = await api.post('/auth/logout', undefined, { cookie });
    expect(out.status).toBe(204);
    expect(out.setCookie.some((c) => c.startsWith('sid=;'))).toBe(true);
    const rows = await t.database.db.sql.query('SELECT id FROM "Session" WHERE "userId" = $1', [user.id]);
    expect(rows).toHaveLength(0);
    const me = await api.get('/auth/me', { cookie });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('auth.unauthenticated');
  });
});

describe('sessions', () => {
  it('refuses an expired session and deletes it', async () => {
    const { cookie, user } = await signUp(t.baseUrl);
    await t.database.db.sql.query(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE "userId" = $1`, [
      user.id,
    ]);
    const me = await api.get('/auth/me', { cookie });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('auth.unauthenticated');
    expect(await t.database.db.sql.query('SELECT id FROM "Session" WHERE "userId" = $1', [user.id])).toHaveLength(0);
  });

  it('slides the expiry forward while the session is in use', async () => {
    const { cookie, user } = await signUp(t.baseUrl);
    await t.database.db.sql.query(
      `UPDATE "Session" SET "lastUsedAt" = now() - interval '1 day', "expiresAt" = now() + interval '1 hour' WHERE "userId" = $1`,
      [user.id],
    );
    expect((await api.get('/auth/me', { cookie })).status).toBe(200);
    const [row] = await t.database.db.sql.query<{ expiresAt: Date }>('SELECT "expiresAt" FROM "Session" WHERE "userId" = $1', [
      user.id,
    ]);
    expect(new Date(row!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);
  });

  it('periodic cleanup removes expired sessions', async () => {
    const { user } = await signUp(t.baseUrl);
    await t.database.db.sql.query(`UPDATE "Session" SET "expiresAt" = now() - interval '1 day' WHERE "userId" = $1`, [user.id]);
    const { SessionsService } = await import('../src/modules/auth/sessions.service.js');
    expect(await t.app.get(SessionsService).cleanup()).toBeGreaterThanOrEqual(1);
    expect(await t.database.db.sql.query('SELECT id FROM "Session" WHERE "userId" = $1', [user.id])).toHaveLength(0);
  });
});

describe('API tokens', () => {
  it('are shown once, listed without the secret, usable as Bearer, and revocable', async () => {
    const { cookie, user } = await signUp(t.baseUrl);
    const created = await api.post('/auth/tokens', { name: 'ci' }, { cookie });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^wfa_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ name: 'ci', tokenHint: token.slice(-4), lastUsedAt: null });

    const list = await api.get('/auth/tokens', { cookie });
    expect(list.body.data).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(token);

    const me = await api.get('/auth/me', { bearer: token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);
    expect((await api.get('/auth/tokens', { cookie })).body.data[0].lastUsedAt).not.toBeNull();

    const stored = await t.database.db.sql.query<{ tokenHash: string }>('SELECT "tokenHash" FROM "ApiToken" WHERE id = $1', [
      created.body.id,
    ]);
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    expect((await api.delete(`/auth/tokens/${created.body.id}`, { cookie })).status).toBe(204);
    const revoked = await api.get('/auth/me', { bearer: token });
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('auth.invalid_token');
    expect((await api.get('/auth/tokens', { cookie })).body.data).toHaveLength(0);
  });

  it("cannot revoke another user's token", async () => {
    const a = await signUp(t.baseUrl);
    const b = await signUp(t.baseUrl);
    const created = await api.post('/auth/tokens', { name: 'mine' }, { cookie: a.cookie });
    const res = await api.delete(`/auth/tokens/${created.body.id}`, { cookie: b.cookie });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('api_token.not_found');
    expect((await api.get('/auth/me', { bearer: created.body.token })).status).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated POST without Origin or from another site', async () => {
    const { cookie } = await signUp(t.baseUrl);
    const none = await api.post('/auth/tokens', { name: 'x' }, { cookie, origin: null });
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('auth.csrf_rejected');
    const evil = await api.post('/auth/tokens', { name: 'x' }, { cookie, origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body.code).toBe('auth.csrf_rejected');
    expect((await api.post('/auth/tokens', { name: 'x' }, { cookie })).status).toBe(201);
  });

  it('does not apply to Bearer-authenticated requests', async () => {
    const { cookie } = await signUp(t.baseUrl);
    const { body } = await api.post('/auth/tokens', { name: 'cli' }, { cookie });
    const res = await api.post('/auth/tokens', { name: 'from-cli' }, { bearer: body.token, origin: null });
    expect(res.status).toBe(201);
  });
});

describe('deny by default', () => {
  it('every route not marked @Public refuses an anonymous call', async () => {
    const routes = listRoutes(t.app);
    expect(routes.length).toBeGreaterThan(5);
    const guarded = routes.filter((r) => !r.isPublic);
    expect(guarded.map((r) => `${r.method} ${r.path}`)).toContain('GET /auth/me');
    for (const route of guarded) {
      const path = route.path.replace(/:(\w+)/g, 'nope');
      const res = await api.request(route.method, path, { body: route.method === 'GET' ? undefined : {} });
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(String(res.body.code)).toMatch(/^auth\./);
    }
  });
});
