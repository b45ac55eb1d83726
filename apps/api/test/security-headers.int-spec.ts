import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Every HTML response carries the page headers, whichever route served it. */
let t: TestApp;

beforeAll(async () => {
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-web-'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root">app shell</div>');
  fs.writeFileSync(path.join(webDir, 'robots.txt'), 'User-agent: *');
  fs.writeFileSync(path.join(webDir, 'embed.js'), '(() => {})();');
  t = await startTestApp({ webDistDir: webDir });
});
afterAll(() => t?.close());

describe('security headers on HTML', () => {
  it.each([
    ['/', "'none'"],
    ['/index.html', "'none'"],
    ['/chat/wf_x', "'self'"],
    ['/chat/wf_x?utm=1', "'self'"],
    ['/some/unknown/spa/route', "'none'"],
  ])('%s', async (url, ancestors) => {
    const res = await fetch(`${t.baseUrl}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`frame-ancestors ${ancestors};`);
    expect(res.headers.get('x-frame-options')).toBe(ancestors === "'none'" ? 'DENY' : 'SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('nosniff also on static files and API answers', async () => {
    for (const url of ['/robots.txt', '/api/healthz', '/api/nope']) {
      const res = await fetch(`${t.baseUrl}${url}`);
      expect({ url, nosniff: res.headers.get('x-content-type-options') }).toEqual({ url, nosniff: 'nosniff' });
    }
  });

  it('the embed loader is public and cacheable', async () => {
    const res = await fetch(`${t.baseUrl}/embed.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });
});

describe('framing of the public chat page', () => {
  const frameAncestors = async (workflowId: string) => {
    const res = await fetch(`${t.baseUrl}/chat/${workflowId}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    return { ancestors: /frame-ancestors ([^;]*)/.exec(csp)?.[1], xfo: res.headers.get('x-frame-options') };
  };

  it("names exactly the origins of the workflow's embeds, and follows their changes", async () => {
    const ck = chatkitClient(t.baseUrl);
    const { cookie } = await ck.owner();
    const wf = await ck.workflow(cookie);
    await ck.publish(cookie, wf);
    expect(await frameAncestors(wf)).toEqual({ ancestors: "'self'", xfo: 'SAMEORIGIN' });

    const a = await ck.api.post(`/workflows/${wf}/links`, { label: 'Site', kind: 'embed', allowedOrigins: ['https://a.example', 'http://localhost:8080'] }, { cookie });
    await ck.api.post(`/workflows/${wf}/links`, { label: 'Blog', kind: 'embed', allowedOrigins: ['https://a.example', 'https://blog.example'] }, { cookie });
    await ck.api.post(`/workflows/${wf}/links`, { label: 'Newsletter' }, { cookie });
    // X-Frame-Options cannot name sites: it is left out rather than contradict the CSP.
    expect(await frameAncestors(wf)).toEqual({ ancestors: "'self' https://a.example http://localhost:8080 https://blog.example", xfo: null });

    // Another workflow's embeds never allow framing this one.
    const other = await ck.workflow(cookie);
    await ck.publish(cookie, other);
    expect(await frameAncestors(other)).toEqual({ ancestors: "'self'", xfo: 'SAMEORIGIN' });

    await ck.api.delete(`/workflows/${wf}/links/${a.body.link.id}`, { cookie });
    expect((await frameAncestors(wf)).ancestors).toBe("'self' https://a.example https://blog.example");
    await ck.api.post(`/workflows/${wf}/publish/revoke`, undefined, { cookie });
    expect(await frameAncestors(wf)).toEqual({ ancestors: "'self'", xfo: 'SAMEORIGIN' });
  });
});
