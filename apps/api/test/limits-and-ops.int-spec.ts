import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signUp } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createWorkflow } from './support/workflows.js';

/** A client IP of its own, so Redis-shared counters never mix tests. */
const freshIp = () => `203.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

describe('per-IP rate limit on public endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_IP_PER_MIN: '3', TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with a Retry-After of the real window', async () => {
    const api = client(t.baseUrl);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect((await api.get('/public/workflows/wf_x', { headers: { 'x-forwarded-for': ip } })).status).toBe(404);
    }
    const limited = await api.get('/public/workflows/wf_x', { headers: { 'x-forwarded-for': ip } });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Counted before authentication, and per client IP.
    expect((await api.get('/public/workflows/wf_x', { headers: { 'x-forwarded-for': freshIp() } })).status).toBe(404);
    const metrics = await fetch(`${t.baseUrl}/api/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/wfchat_rate_limited_total\{limit="ip"\} [1-9]/);
  });

  it('does not limit Canvas routes by IP', async () => {
    const api = client(t.baseUrl);
    const owner = await signUp(t.baseUrl);
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      expect((await api.get('/workflows', { ...owner, headers: { 'x-forwarded-for': ip } })).status).toBe(200);
    }
  });
});

describe('TRUST_PROXY as a hop count', () => {
  it('trusts that many proxies: the address the nearest one appended is the client', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_IP_PER_MIN: '2', TRUST_PROXY: '1' } });
    try {
      const api = client(t.baseUrl);
      const ip = freshIp();
      // What a client wrote before the proxy appended its address is not trusted.
      const via = (forged: string) => ({ headers: { 'x-forwarded-for': `${forged}, ${ip}` } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api.get('/public/workflows/wf_x', via(freshIp()))).status);
      expect(statuses).toEqual([404, 404, 429]);
      // Another visitor behind the same proxy has a budget of their own.
      expect((await api.get('/public/workflows/wf_x', { headers: { 'x-forwarded-for': freshIp() } })).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('TRUST_PROXY=false', () => {
  it('ignores X-Forwarded-For, so a client cannot dodge the limit by inventing addresses', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_SESSIONS_PER_MIN: '2' } });
    try {
      const api = client(t.baseUrl);
      const results = [];
      for (let i = 0; i < 3; i++) {
        const res = await api.post('/public/workflows/wf_x/session', { publishToken: 'wfp_nope' }, {
          headers: { 'x-forwarded-for': freshIp() },
        });
        results.push(res.status);
      }
      expect(results).toEqual([404, 404, 429]);
    } finally {
      await t.close();
    }
  });
});

describe.runIf(process.env.REDIS_URL)('two API instances sharing Redis', () => {
  it('count one global limit', async () => {
    const a = await startTestApp({ env: { RATE_LIMIT_IP_PER_MIN: '4', TRUST_PROXY: 'true' } });
    const b = await startTestApp({ database: a.database, env: { RATE_LIMIT_IP_PER_MIN: '4', TRUST_PROXY: 'true' } });
    try {
      const ip = freshIp();
      const headers = { 'x-forwarded-for': ip };
      const statuses = [];
      for (const app of [a, b, a, b, b]) statuses.push((await client(app.baseUrl).get('/public/workflows/wf_x', { headers })).status);
      expect(statuses).toEqual([404, 404, 404, 404, 429]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('feature flags', () => {
  it('CHATKIT_PUBLISH_ENABLED=false turns publishing and the public endpoints into 404 feature.disabled', async () => {
    // With an LLM provider configured, /api/config says so (templates with llm steps are offered).
    const t = await startTestApp({ env: { CHATKIT_PUBLISH_ENABLED: 'false', LLM_BASE_URL: 'http://127.0.0.1:9/v1' } });
    try {
      const api = client(t.baseUrl);
      const owner = await signUp(t.baseUrl);
      const w = await createWorkflow(t.baseUrl, owner.cookie);
      for (const res of [
        await api.post(`/workflows/${w.id}/publish`, {}, owner),
        await api.get(`/public/workflows/${w.id}`),
        await api.post(`/public/workflows/${w.id}/session`, { publishToken: 'wfp_x' }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('feature.disabled');
      }
      expect((await api.get('/config')).body.features).toEqual({ publish: false, canvasChat: true, llm: true });
      expect((await api.post(`/workflows/${w.id}/chatkit/session`, undefined, owner)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('CHATKIT_CANVAS_ENABLED=false turns the Canvas chat session into 404 feature.disabled', async () => {
    const t = await startTestApp({ env: { CHATKIT_CANVAS_ENABLED: 'false' } });
    try {
      const api = client(t.baseUrl);
      const owner = await signUp(t.baseUrl);
      const w = await createWorkflow(t.baseUrl, owner.cookie);
      const res = await api.post(`/workflows/${w.id}/chatkit/session`, undefined, owner);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('feature.disabled');
      expect((await api.get('/config')).body.features).toEqual({ publish: true, canvasChat: false, llm: false });
    } finally {
      await t.close();
    }
  });
});

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('/api/config tells the web app what it needs, anonymously', async () => {
    const res = await client(t.baseUrl).get('/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      features: { publish: true, canvasChat: true, llm: false },
      chatkit: { element: 'builtin', domainKey: null },
      auth: { signupAllowed: true, oidc: null },
    });
  });

  it('/api/metrics exposes request counts by route, auth failures by code, sessions minted and telemetry', async () => {
    const api = client(t.baseUrl);
    await api.get('/healthz');
    await api.get('/auth/me');
    const owner = await signUp(t.baseUrl);
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    await api.post(`/workflows/${w.id}/chatkit/session`, undefined, owner);
    expect((await api.post('/telemetry', { event: 'canvas.chat.open', workflowId: w.id }, owner)).status).toBe(204);
    expect((await api.post('/telemetry', { event: 'made.up' }, owner)).status).toBe(400);
    expect((await api.post('/telemetry', { event: 'canvas.chat.open' })).status).toBe(401);

    const res = await fetch(`${t.baseUrl}/api/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/wfchat_http_requests_total\{method="GET",route="\/api\/healthz",status="200"\} [1-9]/);
    expect(text).toMatch(/wfchat_http_request_duration_seconds_bucket\{.*route="\/api\/healthz"/);
    expect(text).toMatch(/wfchat_auth_failures_total\{code="auth.unauthenticated"\} [1-9]/);
    expect(text).toMatch(/wfchat_chat_sessions_minted_total\{mode="canvas"\} 1/);
    expect(text).toMatch(/wfchat_telemetry_events_total\{event="canvas.chat.open"\} 1/);
    // Route patterns, never ids, as labels.
    expect(text).not.toContain(w.id);
  });
});
