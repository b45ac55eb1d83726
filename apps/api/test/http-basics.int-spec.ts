import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import zlib from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TErrorBody } from '@wfchat/contracts';
import { BODY_LIMIT_BYTES } from '../src/app.factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let webDir: string;
const CHAT_JS = `export const chat = ${JSON.stringify('x'.repeat(2000))};`;

/** GET with exactly these headers (fetch would add and undo its own Accept-Encoding). */
function rawGet(pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const url = new URL(pathname, t.baseUrl);
    http
      .get({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-web-'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root">app shell</div>');
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'assets/app-abc123.js'), 'console.log(1)');
  // As the web build writes them: precompressed copies next to the asset.
  fs.writeFileSync(path.join(webDir, 'assets/chat-def456.js'), CHAT_JS);
  fs.writeFileSync(path.join(webDir, 'assets/chat-def456.js.br'), zlib.brotliCompressSync(CHAT_JS));
  fs.writeFileSync(path.join(webDir, 'assets/chat-def456.js.gz'), zlib.gzipSync(CHAT_JS));
  t = await startTestApp({ webDistDir: webDir });
});
afterAll(() => t.close());

describe('health and readiness', () => {
  it('GET /api/healthz answers 200 while the process is up', async () => {
    const res = await fetch(`${t.baseUrl}/api/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/readyz checks the database, and Redis when configured', async () => {
    const res = await fetch(`${t.baseUrl}/api/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: process.env.REDIS_URL ? 'ok' : 'skipped' },
    });
  });
});

describe('errors are 4xx with a stable code, never a 500 or a stack trace', () => {
  it('bad JSON is 400 request.invalid', async () => {
    const res = await fetch(`${t.baseUrl}/api/healthz`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken',
    });
    const body = (await res.json()) as TErrorBody;
    expect(res.status).toBe(400);
    expect(body.code).toBe('request.invalid');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('an oversized body is 413 request.too_large', async () => {
    const res = await fetch(`${t.baseUrl}/api/healthz`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT_BYTES + 10) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as TErrorBody).code).toBe('request.too_large');
  });

  it('an unknown API route is 404 route.not_found for any method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await fetch(`${t.baseUrl}/api/does-not-exist`, { method });
      expect(res.status).toBe(404);
      expect(((await res.json()) as TErrorBody).code).toBe('route.not_found');
    }
  });
});

describe('the web app is served from the same port', () => {
  it('serves index.html at / and for client routes such as /chat/:id', async () => {
    for (const url of ['/', '/chat/anything', '/workflows/abc']) {
      const res = await fetch(`${t.baseUrl}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('app shell');
    }
  });

  it('sends a strict Content-Security-Policy and no Referer with the pages', async () => {
    const res = await fetch(`${t.baseUrl}/chat/wf_x`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    // The chat page is frameable by our own pages and the workflow's embeds only (none here).
    expect(csp).toContain("frame-ancestors 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves built assets with long-lived caching', async () => {
    const res = await fetch(`${t.baseUrl}/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves the precompressed brotli or gzip copy to clients that accept it, with Vary and immutable caching', async () => {
    const br = await rawGet('/assets/chat-def456.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(CHAT_JS);
    expect(br.body.length).toBeLessThan(CHAT_JS.length);

    const gz = await rawGet('/assets/chat-def456.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(CHAT_JS);

    const plain = await rawGet('/assets/chat-def456.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(CHAT_JS);
  });

  it('never lets the app shell be cached for long, whatever the route', async () => {
    for (const route of ['/', '/chat/wf_x']) {
      const res = await rawGet(route, { 'accept-encoding': 'br' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });
});
