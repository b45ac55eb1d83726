import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from '../src/dev/api-process.js';
import { client } from './support/http.js';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';

/**
 * Two real API processes (the built product) on one PostgreSQL database and
 * one Redis: what several instances behind a load balancer share.
 */
const enabled = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

describe.runIf(enabled)('two API processes sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let a: ApiProcess;
  let b: ApiProcess;
  const keys = `k1:${randomBytes(32).toString('base64url')}`;
  const ip = () => `198.51.100.${randomBytes(1)[0]}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = () => ({
      DATABASE_URL: database.url!,
      REDIS_URL: process.env.REDIS_URL!,
      CHAT_JWT_KEYS: keys,
      // One public URL, as behind a load balancer: the JWT issuer is the same.
      PUBLIC_BASE_URL: 'http://chat.wfchat.test',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-multi-')),
      SEED_DEMO: 'false',
      TRUST_PROXY: 'true',
      RATE_LIMIT_IP_PER_MIN: '6',
      RATE_LIMIT_SESSIONS_PER_MIN: '100000',
      // Sign-ups from 127.0.0.1 count in the shared Redis across runs.
      RATE_LIMIT_SIGNUP_PER_HOUR: '100000',
    });
    [a, b] = await Promise.all([startApiProcess(env()), startApiProcess(env())]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('a rotation on A is refused on B at the very next request', async () => {
    const onA = client(a.baseUrl);
    const signup = await onA.post('/auth/signup', { email: `multi-${Date.now()}@example.test`, password: 'correct horse battery' });
    const cookie = `sid=${signup.cookies.sid}`;
    const wf = await onA.post('/workflows', { name: 'Shared' }, { cookie });
    const token = (await onA.post(`/workflows/${wf.body.id}/publish`, {}, { cookie })).body.publishToken;

    // The visitor only ever talks to B.
    const visitorIp = ip();
    const onB = client(b.baseUrl);
    const session = await onB.post(`/public/workflows/${wf.body.id}/session`, { publishToken: token }, {
      headers: { 'x-forwarded-for': visitorIp },
    });
    expect(session.status).toBe(200);
    const chat = (op: object) =>
      onB.post('/chatkit', op, { bearer: session.body.token, headers: { 'x-forwarded-for': visitorIp } });
    const before = await chat({ type: 'threads.list', params: {} });
    expect(before.status).toBe(200); // B now holds the publish state in its cache

    expect((await onA.post(`/workflows/${wf.body.id}/publish/rotate`, undefined, { cookie })).status).toBe(200);

    const after = await chat({ type: 'threads.list', params: {} });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.token_revoked');
  });

  it('counts one rate limit across both processes', async () => {
    const headers = { 'x-forwarded-for': ip() };
    const statuses = [];
    for (const instance of [a, b, a, b, a, b, a]) {
      statuses.push((await client(instance.baseUrl).get('/public/workflows/wf_none', { headers })).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429]);
  });
});
