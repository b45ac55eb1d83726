import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Every HTML response carries the page headers, whichever route served it. */
let t: TestApp;

beforeAll(async () => {
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-web-'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root">app shell</div>');
  fs.writeFileSync(path.join(webDir, 'robots.txt'), 'User-agent: *');
  t = await startTestApp({ webDistDir: webDir });
});
afterAll(() => t?.close());

describe('security headers on HTML', () => {
  it.each(['/', '/index.html', '/chat/wf_x', '/chat/wf_x?utm=1', '/some/unknown/spa/route'])('%s', async (url) => {
    const res = await fetch(`${t.baseUrl}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('nosniff also on static files and API answers', async () => {
    for (const url of ['/robots.txt', '/api/healthz', '/api/nope']) {
      const res = await fetch(`${t.baseUrl}${url}`);
      expect({ url, nosniff: res.headers.get('x-content-type-options') }).toEqual({ url, nosniff: 'nosniff' });
    }
  });
});
