import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input } from './support/chatkit.js';
import { client } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';
import {
  startThrowawayPostgres,
  startThrowawayRedis,
  waitFor,
  type ThrowawayPostgres,
  type ThrowawayRedis,
} from './support/throwaway-services.js';

/**
 * Insights under outages: the author's reads answer 503 with Retry-After when
 * PostgreSQL is down, and a capped workflow's chat answers 503 (not 500) when
 * the Redis that counts its cap is down. Needs servers of the test's own.
 */
const enabled = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

describe.runIf(enabled)('insights during outages', () => {
  let pgServer: ThrowawayPostgres;
  let redisServer: ThrowawayRedis;
  let database: TestDatabase;
  let t: TestApp;
  let ck: ReturnType<typeof chatkitClient>;
  let cookie: string;

  beforeAll(async () => {
    [pgServer, redisServer] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
    database = await createTestDatabase(pgServer.url);
    t = await startTestApp({ database, env: { REDIS_URL: redisServer.url } });
    ck = chatkitClient(t.baseUrl);
    ({ cookie } = await ck.owner());
  });

  afterAll(async () => {
    await t?.app.close();
    await database?.drop().catch(() => undefined);
    await Promise.all([pgServer?.destroy(), redisServer?.destroy()]);
  });

  it('PostgreSQL stopped: conversations, transcript, export and stats answer 503 with Retry-After', async () => {
    const wf = await ck.workflow(cookie);
    const api = client(t.baseUrl);
    await pgServer.stop();
    try {
      for (const path of [
        `/workflows/${wf}/conversations`,
        `/workflows/${wf}/conversations/thr_x`,
        `/workflows/${wf}/conversations/export?format=csv`,
        `/workflows/${wf}/stats`,
      ]) {
        const res = await api.get(path, { cookie });
        expect([path, res.status, res.body.code]).toEqual([path, 503, 'service.unavailable']);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    } finally {
      await pgServer.start();
    }
    await waitFor('the API', async () => (await api.get(`/workflows/${wf}/stats`, { cookie })).status === 200, 10_000);
  });

  it('Redis stopped: a capped workflow refuses messages with 503, never 500; counts again once it is back', async () => {
    const wf = await ck.workflow(cookie);
    const token = await ck.publish(cookie, wf);
    await ck.api.patch(`/workflows/${wf}/publish`, { limits: { messagesPerDay: 100 } }, { cookie });
    const visitor = await ck.visitorToken(wf, token);
    expect((await ck.call(visitor, 'threads.create', { input: input('before') })).status).toBe(200);
    await redisServer.stop();
    try {
      const res = await ck.call(visitor, 'threads.create', { input: input('during') });
      expect([res.status, res.body.code]).toEqual([503, 'service.unavailable']);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await redisServer.start();
    }
    await waitFor(
      'chat after Redis is back',
      async () => (await ck.call(visitor, 'threads.create', { input: input('after') })).status === 200,
      10_000,
    );
    const usage = (await ck.api.get(`/workflows/${wf}/stats`, { cookie })).body.usage;
    // This Redis keeps nothing across a restart, so the day's count starts again: the message after it counts.
    expect(usage.messages).toBeGreaterThanOrEqual(1);
  });
});
