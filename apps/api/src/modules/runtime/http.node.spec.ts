import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chain, collect, errorOf, finalOf, runtimeWith, turn } from './runtime.testing.js';

interface Seen {
  method: string;
  url: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

let server: http.Server;
let base: string;
let seen: Seen[] = [];
let closedEarly = 0;
let onClosedEarly: (() => void) | undefined;
let onHang: (() => void) | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString(), headers: req.headers });
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/json')
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"temp":21,"unit":"C"}');
      if (path === '/json-string') return res.writeHead(200, { 'content-type': 'application/json' }).end('"just text"');
      if (path === '/text') return res.writeHead(200, { 'content-type': 'text/plain' }).end('  plain answer \n');
      if (path === '/echo')
        return res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(chunks));
      if (path === '/unavailable') return res.writeHead(503).end('down');
      if (path === '/missing') return res.writeHead(404).end('nope');
      if (path === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      if (path === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(300 * 1024));
      if (path === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 300; i++) res.write('y'.repeat(1024));
        return res.end();
      }
      if (path === '/hang') {
        res.on('close', () => {
          closedEarly += 1;
          onClosedEarly?.();
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).write('partial');
        return onHang?.();
      }
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
});

const open = runtimeWith({ HTTP_STEP_ALLOW_PRIVATE: 'true' });
const strict = runtimeWith({});
const httpReply = (config: Record<string, unknown>) =>
  chain({ id: 'h', type: 'http', config }, { id: 'r', type: 'reply' });
const closed = () => new Promise<void>((resolve) => (onClosedEarly = resolve));

describe('http step (private addresses allowed)', () => {
  it('GETs JSON and outputs the response text, announcing the call', async () => {
    const events = await collect(open.run(turn(httpReply({ url: `${base}/json` }), 'x')));
    expect(events[0]).toEqual({ type: 'progress', nodeId: 'h', text: `Calling ${base}…` });
    expect(finalOf(events)).toBe('{"temp":21,"unit":"C"}');
    expect(seen).toMatchObject([{ method: 'GET', url: '/json' }]);
  });

  it('URL-encodes values inserted into the URL', async () => {
    await collect(open.run(turn(httpReply({ url: `${base}/json?q={{input}}` }), 'a b&c=d/../e')));
    expect(seen[0]?.url).toBe('/json?q=a%20b%26c%3Dd%2F..%2Fe');
  });

  it('POSTs a JSON body with placeholders rendered inside its strings (quotes stay valid JSON)', async () => {
    const def = chain(
      { id: 't', type: 'template', config: { template: 'T:{{input}}' } },
      {
        id: 'h',
        type: 'http',
        config: { url: `${base}/echo`, method: 'POST', body: { q: '{{input}}', list: ['{{nodes.t.output}}', 3] } },
      },
      { id: 'r', type: 'reply' },
    );
    const events = await collect(open.run(turn(def, 'say "hi"')));
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual({ q: 'say "hi"', list: ['T:say "hi"', 3] });
    expect(JSON.parse(finalOf(events)!)).toEqual({ q: 'say "hi"', list: ['T:say "hi"', 3] });
  });

  it('outputs text responses trimmed, and unwraps a JSON string', async () => {
    expect(finalOf(await collect(open.run(turn(httpReply({ url: `${base}/text` }), 'x'))))).toBe('plain answer');
    expect(finalOf(await collect(open.run(turn(httpReply({ url: `${base}/json-string` }), 'x'))))).toBe('just text');
  });

  it('an error status is runtime.http_failed; 5xx may be retried, 4xx not', async () => {
    const e503 = errorOf(await collect(open.run(turn(httpReply({ url: `${base}/unavailable` }), 'x'))));
    expect(e503).toMatchObject({
      code: 'runtime.http_failed',
      allowRetry: true,
      message: expect.stringContaining('HTTP 503'),
    });
    const e404 = errorOf(await collect(open.run(turn(httpReply({ url: `${base}/missing` }), 'x'))));
    expect(e404).toMatchObject({ code: 'runtime.http_failed', allowRetry: false });
  });

  it('does not follow redirects', async () => {
    const e = errorOf(await collect(open.run(turn(httpReply({ url: `${base}/redirect` }), 'x'))));
    expect(e).toMatchObject({ code: 'runtime.http_failed', message: expect.stringContaining('HTTP 302') });
    expect(seen).toHaveLength(1);
  });

  it.each(['/big', '/big-chunked'])('refuses a response over 256 KB (%s)', async (path) => {
    const e = errorOf(await collect(open.run(turn(httpReply({ url: `${base}${path}` }), 'x'))));
    expect(e).toMatchObject({ code: 'runtime.http_failed', message: expect.stringContaining('256 KB') });
  });

  it('gives up after timeoutMs with runtime.http_timeout and closes the connection', async () => {
    const before = closedEarly;
    const wasClosed = closed();
    const e = errorOf(await collect(open.run(turn(httpReply({ url: `${base}/hang`, timeoutMs: 200 }), 'x'))));
    expect(e).toMatchObject({
      code: 'runtime.http_timeout',
      allowRetry: true,
      message: expect.stringContaining('0.2 s'),
    });
    await wasClosed;
    expect(closedEarly).toBe(before + 1);
  });

  it('a visitor abort closes the upstream connection', async () => {
    const controller = new AbortController();
    const wasClosed = closed();
    const held = new Promise<void>((resolve) => (onHang = resolve));
    const run = collect(open.run(turn(httpReply({ url: `${base}/hang` }), 'x', { signal: controller.signal })));
    // Abort once the server holds the request, not before it was sent.
    await held;
    controller.abort();
    const events = await run;
    await wasClosed;
    expect(events.map((e) => (e.type === 'error' ? e.code : e.type))).toEqual(['progress', 'runtime.cancelled']);
  });

  it.each(['ftp://example.com/file', 'file:///etc/passwd', 'not a url {{input}}'])(
    'refuses the URL %s',
    async (url) => {
      const e = errorOf(await collect(open.run(turn(httpReply({ url }), 'x'))));
      expect(e).toMatchObject({ code: 'runtime.http_failed', allowRetry: false });
    },
  );
});

describe('http step (private addresses refused, the default)', () => {
  it.each([
    ['loopback IPv4', () => `${base}/json`],
    ['a hostname resolving to loopback', () => base.replace('127.0.0.1', 'localhost') + '/json'],
    ['loopback IPv6', () => 'http://[::1]:9/json'],
    ['IPv4-mapped IPv6 loopback', () => 'http://[::ffff:127.0.0.1]:9/'],
    ['private 10/8', () => 'http://10.1.2.3/'],
    ['private 192.168/16', () => 'http://192.168.0.10/'],
    ['link-local (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data'],
    ['CGNAT', () => 'http://100.64.0.1/'],
    ['unique-local IPv6', () => 'http://[fd00::1]/'],
    ['decimal-encoded loopback', () => 'http://2130706433/'],
  ])('refuses %s without sending anything', async (_name, url) => {
    const events = await collect(strict.run(turn(httpReply({ url: url() }), 'x')));
    expect(errorOf(events)).toMatchObject({
      code: 'runtime.http_forbidden_address',
      allowRetry: false,
      message: expect.stringContaining('private network'),
    });
    expect(seen).toHaveLength(0);
  });
});
