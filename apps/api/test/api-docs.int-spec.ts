import { Ajv2020 } from 'ajv/dist/2020.js';
import { ErrorCode } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../src/common/http/content-security-policy.js';
import { createApiDocument, serializeApiDocument } from '../src/modules/api-docs/api-docs.document.js';
import { chatkitClient, input } from './support/chatkit.js';
import { listRoutes } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const document = createApiDocument();
const registered: { method: string; url: string }[] = [];
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    onRoute: (route) => {
      for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    },
  });
});
afterAll(() => t?.close());

/** `GET /api/workflows/{id}`, the way the document names an operation. */
const documentedOperations = () =>
  Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    (['get', 'post', 'patch', 'put', 'delete', 'options'] as const)
      .filter((method) => item[method])
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('the OpenAPI document and the routes the server registers', () => {
  it('describes exactly the API routes Fastify registers', () => {
    const api = registered
      // HEAD routes are Fastify's automatic twins of GET routes.
      .filter((r) => r.method !== 'HEAD' && (r.url === '/api' || r.url.startsWith('/api/')))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    const documented = new Set(documentedOperations());
    const served = new Set(api);
    const missing = [...served].filter((op) => !documented.has(op)).sort();
    const extra = [...documented].filter((op) => !served.has(op)).sort();
    expect(served.size).toBeGreaterThan(30);
    expect({ 'registered but not documented': missing, 'documented but not registered': extra }).toEqual({
      'registered but not documented': [],
      'documented but not registered': [],
    });
  });

  it('gives each route the success status and the authentication its handler really has', () => {
    const problems: string[] = [];
    for (const route of listRoutes(t.app)) {
      const path = `/api${route.path}`.replace(/:(\w+)/g, '{$1}');
      const op = (document.paths?.[path] as Record<string, { responses: object; security: object[] }> | undefined)?.[
        route.method.toLowerCase()
      ];
      if (!op) continue; // reported by the test above
      const name = `${route.method} ${path}`;
      if (route.successStatus && !(String(route.successStatus) in op.responses)) {
        problems.push(`${name}: answers ${route.successStatus}, documents ${Object.keys(op.responses).join(',')}`);
      }
      const expected = route.isPublic
        ? []
        : route.auth === 'chat'
          ? [{ chatJwt: [] }, { publishToken: [] }]
          : [{ sessionCookie: [] }, { apiToken: [] }];
      if (JSON.stringify(op.security) !== JSON.stringify(expected)) {
        problems.push(`${name}: security ${JSON.stringify(op.security)}, guards want ${JSON.stringify(expected)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('GET /api/openapi.json and /api/docs', () => {
  it('serves the generated document (the one committed, see the drift check) without authentication', async () => {
    const res = await fetch(`${t.baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(
      (await res.text()) === serializeApiDocument(document),
      'served document differs from the generated one',
    ).toBe(true);
  });

  it('serves the reference page from our own origin under the page CSP, unweakened', async () => {
    const res = await fetch(`${t.baseUrl}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(t.config.chatkit));
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toEqual(['docs/swagger-ui.css', 'docs/swagger-ui-bundle.js', 'docs/start.js']);
    expect(html).not.toMatch(/<script>|<style|https?:\/\//);
    for (const source of sources) {
      const asset = await fetch(new URL(source, `${t.baseUrl}/api/docs`));
      expect(asset.status, source).toBe(200);
      expect(asset.headers.get('content-type'), source).toMatch(
        source.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(100);
    }
  });

  it('sends the reference page’s files gzipped to clients that accept it', async () => {
    const zlib = await import('node:zlib');
    const http = await import('node:http');
    // node:http, not fetch: fetch always asks for gzip and undoes it.
    const get = (encoding?: string) =>
      new Promise<{ headers: import('node:http').IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(
            `${t.baseUrl}/api/docs/swagger-ui-bundle.js`,
            { headers: encoding ? { 'accept-encoding': encoding } : {} },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
            },
          )
          .on('error', reject);
      });
    const plain = await get();
    const gzipped = await get('gzip, deflate, br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(zlib.gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
  });

  it('serves nothing else under /api/docs/', async () => {
    for (const name of ['package.json', '..%2Fpackage.json', 'index.html', 'constructor']) {
      const res = await fetch(`${t.baseUrl}/api/docs/${name}`);
      expect(res.status, name).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe(ErrorCode.RouteNotFound);
    }
  });
});

describe('real answers match the document', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(document as object, 'openapi');
  const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

  /** Validates a body against the schema the document gives for this operation, status and media type. */
  function expectDocumented(method: string, path: string, status: number, body: unknown, type = 'application/json') {
    let ref = `openapi#/paths/${pointer(path, method, 'responses', String(status))}`;
    const response = (document.paths?.[path] as Record<string, { responses: Record<string, { $ref?: string }> }>)[
      method
    ]!.responses[String(status)];
    expect(response, `${method.toUpperCase()} ${path} documents ${status}`).toBeDefined();
    if (response!.$ref) ref = `openapi${response!.$ref}`;
    const validate = ajv.compile({ $ref: `${ref}/content/${pointer(type)}/schema` });
    const valid = validate(body);
    expect(valid ? [] : validate.errors, `${method.toUpperCase()} ${path} ${status}`).toEqual([]);
  }

  it('covers sign-up, workflows, publishing and the public chat session', async () => {
    const chat = chatkitClient(t.baseUrl);
    const { cookie } = await chat.owner();
    const created = await chat.api.post('/workflows', { name: 'Documented' }, { cookie });
    expectDocumented('post', '/api/workflows', 201, created.body);
    const id = created.body.id as string;
    expectDocumented('get', '/api/workflows', 200, (await chat.api.get('/workflows', { cookie })).body);
    const published = await chat.api.post(`/workflows/${id}/publish`, {}, { cookie });
    expect(published.status).toBe(201);
    expectDocumented('post', '/api/workflows/{id}/publish', 201, published.body);
    const session = await chat.api.post(`/public/workflows/${id}/session`, {
      publishToken: published.body.publishToken,
    });
    expectDocumented('post', '/api/public/workflows/{id}/session', 200, session.body);
    expectDocumented(
      'get',
      '/api/workflows/{id}/audit',
      200,
      (await chat.api.get(`/workflows/${id}/audit`, { cookie })).body,
    );
  });

  it('covers share links and embeds, and an embed used from a site it does not list', async () => {
    const chat = chatkitClient(t.baseUrl);
    const { cookie } = await chat.owner();
    const id = await chat.workflow(cookie);
    await chat.publish(cookie, id);
    const created = await chat.api.post(
      `/workflows/${id}/links`,
      { label: 'Docs site', kind: 'embed', allowedOrigins: ['https://docs.example.com'] },
      { cookie },
    );
    expect(created.status).toBe(201);
    expectDocumented('post', '/api/workflows/{id}/links', 201, created.body);
    const linkId = created.body.link.id as string;
    expectDocumented(
      'get',
      '/api/workflows/{id}/links',
      200,
      (await chat.api.get(`/workflows/${id}/links`, { cookie })).body,
    );
    const renamed = await chat.api.patch(`/workflows/${id}/links/${linkId}`, { label: 'Help centre' }, { cookie });
    expectDocumented('patch', '/api/workflows/{id}/links/{linkId}', 200, renamed.body);
    const rotated = await chat.api.post(`/workflows/${id}/links/${linkId}/rotate`, undefined, { cookie });
    expect(rotated.status).toBe(200);
    expectDocumented('post', '/api/workflows/{id}/links/{linkId}/rotate', 200, rotated.body);

    // From this server's own origin, which the embed does not list.
    const refused = await chat.api.post(`/public/workflows/${id}/session`, { publishToken: rotated.body.publishToken });
    expect(refused.status).toBe(403);
    expectDocumented('post', '/api/public/workflows/{id}/session', 403, refused.body);
    const missing = await chat.api.delete(`/workflows/${id}/links/lnk_missing`, { cookie });
    expect(missing.status).toBe(404);
    expectDocumented('delete', '/api/workflows/{id}/links/{linkId}', 404, missing.body);
  });

  it('covers insights (list, transcript, JSONL export, stats) and the daily cap’s 429', async () => {
    const chat = chatkitClient(t.baseUrl);
    const { cookie } = await chat.owner();
    const id = await chat.workflow(cookie);
    const visitor = await chat.visitorToken(id, await chat.publish(cookie, id));
    // A cap of one message a day: this one is answered, the last one of this test is refused.
    const capped = await chat.api.patch(`/workflows/${id}/publish`, { limits: { messagesPerDay: 1 } }, { cookie });
    expectDocumented('patch', '/api/workflows/{id}/publish', 200, capped.body);
    expect((await chat.call(visitor, 'threads.create', { input: input('hello') })).status).toBe(200);

    const list = await chat.api.get(`/workflows/${id}/conversations?limit=5`, { cookie });
    expectDocumented('get', '/api/workflows/{id}/conversations', 200, list.body);
    expect(list.body.data).toHaveLength(1);
    const transcript = await chat.api.get(`/workflows/${id}/conversations/${list.body.data[0].threadId}`, { cookie });
    expect(transcript.body.items.length).toBeGreaterThanOrEqual(2);
    expectDocumented('get', '/api/workflows/{id}/conversations/{threadId}', 200, transcript.body);
    const exported = await fetch(`${t.baseUrl}/api/workflows/${id}/conversations/export?format=jsonl`, {
      headers: { cookie },
    });
    expect(exported.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await exported.text()).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expectDocumented(
        'get',
        '/api/workflows/{id}/conversations/export',
        200,
        JSON.parse(line),
        'application/x-ndjson',
      );
    }
    const invalid = await chat.api.get(`/workflows/${id}/stats?from=2026-02-30`, { cookie });
    expect(invalid.status).toBe(400);
    expectDocumented('get', '/api/workflows/{id}/stats', 400, invalid.body);

    const stats = await chat.api.get(`/workflows/${id}/stats`, { cookie });
    expectDocumented('get', '/api/workflows/{id}/stats', 200, stats.body);
    const over = await chat.call(visitor, 'threads.create', { input: input('again') });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expectDocumented('post', '/api/chatkit', 429, over.body);
  });

  it('covers the ChatKit stream, its JSON operations and its errors', async () => {
    const chat = chatkitClient(t.baseUrl);
    const { cookie } = await chat.owner();
    const id = await chat.workflow(cookie);
    const token = await chat.canvasToken(cookie, id);
    const created = await chat.call(token, 'threads.create', { input: input('hello') });
    expect(created.events.length).toBeGreaterThan(3);
    for (const event of created.events) expectDocumented('post', '/api/chatkit', 200, event, 'text/event-stream');
    const threads = await chat.call(token, 'threads.list', {});
    expectDocumented('post', '/api/chatkit', 200, threads.body);
    const threadId = threads.body.data[0].id as string;
    expectDocumented(
      'post',
      '/api/chatkit',
      200,
      (await chat.call(token, 'threads.get_by_id', { thread_id: threadId })).body,
    );
    expectDocumented('post', '/api/chatkit', 200, (await chat.call(token, 'items.list', { thread_id: threadId })).body);

    const missing = await chat.call(token, 'threads.get_by_id', { thread_id: 'thr_missing' });
    expect(missing.status).toBe(404);
    expectDocumented('post', '/api/chatkit', 404, missing.body);
    const anonymous = await chat.call(undefined, 'threads.list', {});
    expect(anonymous.status).toBe(401);
    expectDocumented('post', '/api/chatkit', 401, anonymous.body);
  });

  it('rejects an answer the document does not allow (the check itself works)', () => {
    const validate = ajv.compile({ $ref: `openapi#/components/schemas/Workflow` });
    expect(validate({ id: 'w1' })).toBe(false);
    const invalid = ajv.compile({
      $ref: `openapi#/components/responses/CsrfRejected/content/${pointer('application/json')}/schema`,
    });
    expect(invalid({ code: ErrorCode.RateLimited, message: 'x' })).toBe(false);
    expect(invalid({ code: ErrorCode.AuthCsrf, message: 'x' })).toBe(true);
  });
});
