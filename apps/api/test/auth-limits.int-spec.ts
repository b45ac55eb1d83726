import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, uniqueEmail } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Per-IP limits on sign-up and sign-in, IPv6 clients counted per /64 for every
 * IP limit, and a bound on concurrent Argon2 work. Client addresses come from
 * X-Forwarded-For (TRUST_PROXY) and are random per run, since Redis counters
 * outlive a run.
 */
let t: TestApp;
let api: ReturnType<typeof client>;

const hex = () => randomBytes(2).toString('hex');
const ipv4 = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
/** A random /64 prefix (documentation range); append an interface id. */
const prefix64 = () => `2001:db8:${hex()}:${hex()}`;
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

beforeAll(async () => {
  t = await startTestApp({
    env: {
      TRUST_PROXY: 'true',
      RATE_LIMIT_SIGNUP_PER_HOUR: '3',
      RATE_LIMIT_LOGIN_IP_PER_15MIN: '5',
      RATE_LIMIT_LOGIN_PER_15MIN: '100',
      RATE_LIMIT_IP_PER_MIN: '3',
      RATE_LIMIT_SESSIONS_PER_MIN: '2',
    },
  });
  api = client(t.baseUrl);
});
afterAll(() => t?.close());

/** A new account, signed up from its own address so the sign-up limit of 127.0.0.1 stays untouched. */
async function freshUser(baseUrl = t.baseUrl) {
  const email = uniqueEmail();
  const password = 'correct horse battery';
  const res = await client(baseUrl).post('/auth/signup', { email, password }, from(ipv4()));
  expect(res.status).toBe(201);
  return { email, password, cookie: `sid=${res.cookies.sid}` };
}

const signup = (ip: string) => api.post('/auth/signup', { email: uniqueEmail(), password: 'correct horse battery' }, from(ip));

describe('sign-up per IP', () => {
  it('allows RATE_LIMIT_SIGNUP_PER_HOUR sign-ups per IP, then 429 with an hour-scale Retry-After', async () => {
    const ip = ipv4();
    for (let i = 0; i < 3; i++) expect((await signup(ip)).status).toBe(201);
    const limited = await signup(ip);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(15 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(limited.cookies.sid).toBeUndefined();
    expect((await signup(ipv4())).status).toBe(201);
  });
});

describe('sign-in per IP across emails', () => {
  it('refuses the attempt after RATE_LIMIT_LOGIN_IP_PER_15MIN, whatever the email, even with the right password', async () => {
    const ip = ipv4();
    const user = await freshUser();
    for (let i = 0; i < 5; i++) {
      const res = await api.post('/auth/login', { email: uniqueEmail('spray'), password: 'guess guess' }, from(ip));
      expect(res.status).toBe(401);
    }
    const limited = await api.post('/auth/login', { email: user.email, password: user.password }, from(ip));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await api.post('/auth/login', { email: user.email, password: user.password }, from(ipv4()))).status).toBe(200);
  });
});

describe('IPv6 clients are counted per /64', () => {
  it('for sign-up', async () => {
    const net = prefix64();
    for (const host of ['1', '2', 'ffff:ffff:ffff:fffe']) expect((await signup(`${net}:${host.includes(':') ? host : `0:0:0:${host}`}`)).status).toBe(201);
    expect((await signup(`${net}:dead:beef:0:1`)).status).toBe(429);
    expect((await signup(`${prefix64()}::1`)).status).toBe(201);
  });

  it('for sign-in', async () => {
    const net = prefix64();
    for (let i = 1; i <= 5; i++) {
      expect((await api.post('/auth/login', { email: uniqueEmail(), password: 'guess guess' }, from(`${net}::${i}`))).status).toBe(401);
    }
    expect((await api.post('/auth/login', { email: uniqueEmail(), password: 'guess guess' }, from(`${net}::99`))).status).toBe(429);
  });

  it('for the per-IP limit of public endpoints', async () => {
    const net = prefix64();
    const statuses = [];
    for (const host of ['1', '2', '3', 'abcd']) statuses.push((await api.get('/public/workflows/wf_none', from(`${net}::${host}`))).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect((await api.get('/public/workflows/wf_none', from(`${prefix64()}::1`))).status).toBe(404);
  });

  it('for session minting', async () => {
    const { cookie } = await freshUser();
    const wf = (await api.post('/workflows', { name: 'v6' }, { cookie })).body.id;
    const net = prefix64();
    const mint = (ip: string) => api.post(`/workflows/${wf}/chatkit/session`, {}, { cookie, ...from(ip) });
    expect((await mint(`${net}::1`)).status).toBe(200);
    expect((await mint(`${net}::2`)).status).toBe(200);
    expect((await mint(`${net}::3`)).status).toBe(429);
  });
});

describe('bounded password hashing', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({
      env: { TRUST_PROXY: 'true', PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '1', RATE_LIMIT_LOGIN_IP_PER_15MIN: '100000' },
    });
  });
  afterAll(() => small?.close());

  it('a flood of sign-ins beyond the queue is answered 503 service.unavailable with Retry-After, never 500', async () => {
    const flood = client(small.baseUrl);
    const replies = await Promise.all(
      Array.from({ length: 40 }, () =>
        flood.post('/auth/login', { email: uniqueEmail('flood'), password: 'guess guess' }, from(ipv4())),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = replies.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r.body.code).toBe('service.unavailable');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Once the flood is over, sign-in works again.
    const user = await freshUser(small.baseUrl);
    expect((await flood.post('/auth/login', { email: user.email, password: user.password }, from(ipv4()))).status).toBe(200);
  });
});
