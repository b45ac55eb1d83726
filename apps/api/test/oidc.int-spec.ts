import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, parseSetCookie } from './support/http.js';
import { startIdentityProvider, type TestIdentityProvider } from './support/oidc-provider.js';
import { freePort, startTestApp, type TestApp } from './support/test-app.js';

let idp: TestIdentityProvider;
let t: TestApp;

beforeAll(async () => {
  const [idpPort, appPort] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${appPort}`;
  idp = await startIdentityProvider({
    port: idpPort,
    clientId: 'wfchat',
    clientSecret: 'test-client-secret',
    redirectUri: `${baseUrl}/api/auth/oidc/callback`,
  });
  t = await startTestApp({
    port: appPort,
    env: {
      PUBLIC_BASE_URL: baseUrl,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'wfchat',
      OIDC_CLIENT_SECRET: 'test-client-secret',
      OIDC_NAME: 'Test IdP',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

/** A browser's worth of redirects and cookies, limited to what the flow needs. */
class Browser {
  private jar = new Map<string, string>();

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async send(url: string, init: RequestInit): Promise<Response> {
    const host = new URL(url).host;
    const cookie = [...this.jar.entries()]
      .filter(([k]) => k.startsWith(`${host}|`))
      .map(([k, v]) => `${k.split('|')[1]}=${v}`)
      .join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie } });
    for (const [name, value] of Object.entries(parseSetCookie(res.headers.getSetCookie()))) {
      if (value === '') this.jar.delete(`${host}|${name}`);
      else this.jar.set(`${host}|${name}`, value);
    }
    return res;
  }

  cookie(host: string, name: string) {
    return this.jar.get(`${host}|${name}`);
  }

  /** Follows redirects through the provider, signing in as `login` and consenting, until back at the app. */
  async signInAt(startUrl: string, login: string, appOrigin: string): Promise<Response> {
    let res = await this.get(startUrl);
    for (let hops = 0; hops < 20; hops++) {
      const location = res.headers.get('location');
      if (!location) {
        const html = await res.text();
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
        const action = /action="([^"]+)"/.exec(html)?.[1];
        if (!prompt || !action) throw new Error(`unexpected provider page: ${res.status} ${html.slice(0, 200)}`);
        const form = new URLSearchParams({ prompt, login, password: 'any' });
        res = await this.send(new URL(action, res.url || startUrl).href, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
        continue;
      }
      const next = new URL(location, res.url || startUrl).href;
      if (next.startsWith(`${appOrigin}/api/auth/oidc/callback`)) return this.get(next);
      res = await this.get(next);
      Object.defineProperty(res, 'url', { value: next });
    }
    throw new Error('too many redirects');
  }
}

describe('OIDC sign-in (authorization code + PKCE + state + nonce)', () => {
  it('signs a new person in, links them by issuer + subject, and returns them where they came from', async () => {
    const browser = new Browser();
    const appHost = new URL(t.baseUrl).host;
    const start = `${t.baseUrl}/api/auth/oidc/login?returnTo=${encodeURIComponent('/chat/wf_demo?x=1')}`;

    const first = await browser.get(start);
    expect(first.status).toBe(302);
    const authorize = new URL(first.headers.get('location')!);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    const done = await browser.signInAt(start, 'alice', t.baseUrl);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/chat/wf_demo?x=1');
    const sid = browser.cookie(appHost, 'sid');
    expect(sid).toBeTruthy();

    const me = await client(t.baseUrl).get('/auth/me', { cookie: `sid=${sid}` });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'alice@idp.example.test', name: 'Person alice' });
    const links = await t.database.db.sql.query<{ issuer: string; subject: string }>(
      'SELECT issuer, subject FROM "OidcIdentity" WHERE "userId" = $1',
      [me.body.user.id],
    );
    expect(links).toEqual([{ issuer: idp.issuer, subject: 'alice' }]);

    // Signing in again finds the same user through the link.
    const again = new Browser();
    await again.signInAt(start, 'alice', t.baseUrl);
    const me2 = await client(t.baseUrl).get('/auth/me', { cookie: `sid=${again.cookie(appHost, 'sid')}` });
    expect(me2.body.user.id).toBe(me.body.user.id);
  });

  it('refuses a returnTo that leaves the site (no open redirect)', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const res = await fetch(`${t.baseUrl}/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, {
        redirect: 'manual',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('request.invalid');
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('rejects a callback whose state does not match, without a session', async () => {
    const browser = new Browser();
    await browser.get(`${t.baseUrl}/api/auth/oidc/login?returnTo=/`);
    const res = await browser.get(`${t.baseUrl}/api/auth/oidc/callback?code=forged&state=not-the-state`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?error=auth\.oidc_failed/);
    expect(browser.cookie(new URL(t.baseUrl).host, 'sid')).toBeUndefined();
  });

  it('rejects a callback that did not start here (no transaction cookie)', async () => {
    const res = await fetch(`${t.baseUrl}/api/auth/oidc/callback?code=x&state=y`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?error=auth\.oidc_failed/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('sid='))).toBe(false);
  });

  it('advertises the provider to the sign-in page', async () => {
    expect((await client(t.baseUrl).get('/auth/providers')).body.oidc).toEqual({ name: 'Test IdP' });
  });
});

describe('without OIDC configured', () => {
  it('answers 404 auth.oidc_disabled', async () => {
    const plain = await startTestApp();
    try {
      const res = await client(plain.baseUrl).get('/auth/oidc/login');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('auth.oidc_disabled');
    } finally {
      await plain.close();
    }
  });
});
