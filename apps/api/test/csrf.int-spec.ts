import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signUp, uniqueEmail } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Login CSRF: a page on another site posts a form to sign a fresh browser (no
 * cookies yet) into the attacker's account. Every state-changing request is
 * checked, cookies or not, and only JSON bodies are read.
 */
let t: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await startTestApp();
  api = client(t.baseUrl);
});
afterAll(() => t?.close());

/** What a browser sends for an auto-submitted cross-site `<form method=post>`. */
function formPost(path: string, fields: Record<string, string>, headers: Record<string, string>) {
  return fetch(`${t.baseUrl}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('login and sign-up CSRF', () => {
  it('a cross-site form post with no cookies neither signs in nor signs up', async () => {
    const victimOf = await signUp(t.baseUrl);
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const login = await formPost('/auth/login', { email: victimOf.email, password: victimOf.password }, crossSite);
    expect(login.status).toBe(415);
    expect(((await login.json()) as { code: string }).code).toBe('request.unsupported_media_type');
    expect(login.headers.getSetCookie().some((c) => c.startsWith('sid='))).toBe(false);

    const signup = await formPost('/auth/signup', { email: uniqueEmail(), password: 'correct horse battery' }, crossSite);
    expect(signup.status).toBe(415);
    expect(signup.headers.getSetCookie().some((c) => c.startsWith('sid='))).toBe(false);
  });

  it('refuses a cookieless JSON login or sign-up from another origin', async () => {
    const user = await signUp(t.baseUrl);
    const login = await api.post('/auth/login', { email: user.email, password: user.password }, { origin: 'https://evil.example' });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('auth.csrf_rejected');
    expect(login.cookies.sid).toBeUndefined();

    const signup = await api.post('/auth/signup', { email: uniqueEmail(), password: 'correct horse battery' }, { origin: 'null' });
    expect(signup.status).toBe(403);
    expect(signup.body.code).toBe('auth.csrf_rejected');
  });

  it('refuses a request whose only provenance is Sec-Fetch-Site: cross-site or same-site', async () => {
    const user = await signUp(t.baseUrl);
    for (const site of ['cross-site', 'same-site']) {
      const res = await api.post('/auth/login', { email: user.email, password: user.password }, {
        origin: null,
        headers: { 'sec-fetch-site': site },
      });
      expect({ site, status: res.status, code: res.body.code }).toEqual({ site, status: 403, code: 'auth.csrf_rejected' });
    }
  });

  it('admits the same origin, Sec-Fetch-Site: same-origin, and non-browser clients that send neither header', async () => {
    const user = await signUp(t.baseUrl);
    const body = { email: user.email, password: user.password };
    expect((await api.post('/auth/login', body)).status).toBe(200);
    expect((await api.post('/auth/login', body, { origin: null, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await api.post('/auth/login', body, { origin: null })).status).toBe(200);
  });

  it('still refuses a cookie-carrying request that proves no origin', async () => {
    const { cookie } = await signUp(t.baseUrl);
    const res = await api.post('/workflows', { name: 'x' }, { cookie, origin: null });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.csrf_rejected');
  });
});

describe('JSON bodies only', () => {
  it('answers 415 request.unsupported_media_type to text/plain and multipart bodies, even with a bearer token', async () => {
    const { cookie } = await signUp(t.baseUrl);
    const token = (await api.post('/auth/tokens', { name: 'cli' }, { cookie })).body.token as string;
    const json = JSON.stringify({ name: 'sneaky' });
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${t.baseUrl}/api/workflows`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
        body: json,
      });
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
      expect(((await res.json()) as { code: string }).code).toBe('request.unsupported_media_type');
    }
    const noType = await fetch(`${t.baseUrl}/api/workflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: new Blob([json]),
    });
    expect(noType.status).toBe(415);
    const ok = await api.post('/workflows', { name: 'fine' }, { bearer: token, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(ok.status).toBe(201);
  });

  it('lets body-less state changes through without a content type', async () => {
    const { cookie } = await signUp(t.baseUrl);
    const wf = await api.post('/workflows', { name: 'p' }, { cookie });
    await api.post(`/workflows/${wf.body.id}/publish`, {}, { cookie });
    const rotate = await api.post(`/workflows/${wf.body.id}/publish/rotate`, undefined, { cookie });
    expect(rotate.status).toBe(200);
  });
});
