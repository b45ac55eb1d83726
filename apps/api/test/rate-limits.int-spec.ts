import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../src/modules/rate-limit/rate-limit.store.js';
import { createRedis } from '../src/redis/redis.js';
import { chatkitClient, input } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A client IP of its own, so Redis-shared counters never mix tests. */
const freshIp = () => `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_IP_PER_MIN: '3', TRUST_PROXY: 'true' } });
  ck = chatkitClient(t.baseUrl);
});
afterAll(() => t?.close());

const chat = (token: string | undefined, ip: string, body: unknown) =>
  ck.fetchChatkit(token, body, { headers: { 'x-forwarded-for': ip } });

describe('per-IP limit of /api/chatkit (counted with the chat limits)', () => {
  it('counts authenticated messages and refused credentials alike, and answers 429 before 401', async () => {
    const { cookie } = await ck.owner();
    const token = await ck.canvasToken(cookie, await ck.workflow(cookie));
    const ip = freshIp();
    expect((await chat(token, ip, { type: 'threads.create', params: { input: input('one') } })).status).toBe(200);
    expect((await chat('not.a.jwt', ip, { type: 'threads.list', params: {} })).status).toBe(401);
    expect((await chat(token, ip, { type: 'nonsense', params: {} })).status).toBe(400);
    const refused = await chat('not.a.jwt', ip, { type: 'threads.list', params: {} });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await chat(token, ip, { type: 'threads.list', params: {} })).status).toBe(429);
    expect((await chat(token, freshIp(), { type: 'threads.list', params: {} })).status).toBe(200);
  });

  it('counts a publish token before looking it up', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i += 1) {
      expect((await chat(`wfp_${'x'.repeat(40)}`, ip, { type: 'threads.list', params: {} })).status).toBe(401);
    }
    expect((await chat(`wfp_${'x'.repeat(40)}`, ip, { type: 'threads.list', params: {} })).status).toBe(429);
  });
});

describe.runIf(process.env.REDIS_URL)('with Redis', () => {
  it('counts every limit of a message in one round trip', async () => {
    const { cookie } = await ck.owner();
    const wf = await ck.workflow(cookie);
    const visitor = await ck.visitorToken(wf, await ck.publish(cookie, wf));
    const ip = freshIp();
    const monitor = new Redis(process.env.REDIS_URL!);
    const seen: string[] = [];
    try {
      const stream = await monitor.monitor();
      stream.on('monitor', (_time: string, args: string[]) => {
        if (args.some((a) => a.includes(ip)) || args.some((a) => a.includes(wf))) seen.push(args.join(' '));
      });
      const res = await chat(visitor, ip, { type: 'threads.create', params: { input: input('counted once') } });
      expect(res.status).toBe(200);
      await res.text();
      // A marker through the same server: MONITOR has shown everything before it.
      const other = new Redis(process.env.REDIS_URL!);
      await other.echo(`${ip} done`);
      other.disconnect();
      await expect.poll(() => seen.some((line) => line.includes(`${ip} done`))).toBe(true);
      stream.disconnect();
    } finally {
      monitor.disconnect();
    }
    const limitCalls = seen.filter((line) => /^evalsha /i.test(line) || /^eval /i.test(line));
    expect(limitCalls).toHaveLength(1);
    // The IP, the visitor, its messages and the workflow's messages, in that order.
    expect(limitCalls[0]).toMatch(/rl:ip:.*rl:chatkit:.*rl:chatkit-messages:.*rl:chatkit-workflow:/);
  });

  it('sends the limit scripts of concurrent requests in one pipeline, each answered on its own', async () => {
    const redis = createRedis(process.env.REDIS_URL!);
    try {
      const store = new RedisRateLimitStore(redis, `wfchat:test:${randomBytes(6).toString('hex')}:`);
      await store.incrementAll([{ key: 'warm', limit: 1, windowMs: 60_000 }]);
      const pending = Array.from({ length: 10 }, () =>
        store.incrementAll([{ key: 'shared', limit: 7, windowMs: 60_000 }]),
      );
      // Issued in one turn of the event loop: queued together, written together.
      expect(redis.autoPipelineQueueSize).toBe(10);
      const outcomes = await Promise.all(pending);
      expect(outcomes.filter((o) => o.refused === -1)).toHaveLength(7);
      expect(outcomes.slice(7).every((o) => o.refused === 0 && o.retryAfterMs > 0)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('stops at the first counter over its limit, and answers the time left in its window', async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const store = new RedisRateLimitStore(redis, `wfchat:test:${randomBytes(6).toString('hex')}:`);
      const hits = [
        { key: 'a', limit: 5, windowMs: 60_000 },
        { key: 'b', limit: 1, windowMs: 30_000 },
        { key: 'c', limit: 2, windowMs: 60_000 },
      ];
      expect(await store.incrementAll(hits)).toEqual({ refused: -1, retryAfterMs: 0 });
      const refused = await store.incrementAll(hits);
      expect(refused.refused).toBe(1);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(30_000);
      // `c` was not counted by the refused call: a second hit still fits.
      expect((await store.incrementAll([hits[2]!])).refused).toBe(-1);
    } finally {
      redis.disconnect();
    }
  });
});
