import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLlmStub, type LlmStub } from '../src/dev/llm-stub.js';
import { Clock } from '../src/modules/quota/clock.js';
import { chatkitClient, input, llmDefinition } from './support/chatkit.js';
import { signUp } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Daily caps of a published workflow: set (audited), enforced for visitors
 * only, reset at the next UTC day (a replaced clock crosses midnight), and,
 * with Redis, counted once across two instances.
 */

let stub: LlmStub;
let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;

const setClock = (app: TestApp, iso: string) =>
  vi.spyOn(app.app.get(Clock, { strict: false }), 'now').mockReturnValue(new Date(iso));
const setLimits = (wf: string, limits: object, as = cookie) =>
  ck.api.patch(`/workflows/${wf}/publish`, { limits }, { cookie: as });
const send = (token: string, text = 'hello') => ck.call(token, 'threads.create', { input: input(text) });

beforeAll(async () => {
  stub = await startLlmStub({ chunkDelayMs: 0 });
  t = await startTestApp({ env: { LLM_BASE_URL: stub.url } });
  ck = chatkitClient(t.baseUrl);
  ({ cookie } = await signUp(t.baseUrl));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
  await stub?.close();
});

describe('setting caps', () => {
  it('PATCH /publish {limits} sets and clears caps, audited only when they change; bad values are 400', async () => {
    const wf = await ck.workflow(cookie);
    await ck.publish(cookie, wf);
    expect((await setLimits(wf, { messagesPerDay: 100 })).status).toBe(200);
    expect((await setLimits(wf, { messagesPerDay: 100 })).status).toBe(200);
    expect((await setLimits(wf, { messagesPerDay: null, llmTokensPerDay: 5000 })).status).toBe(200);
    const audit = (await ck.api.get(`/workflows/${wf}/audit`, { cookie })).body.data.filter(
      (e: { action: string }) => e.action === 'limits.change',
    );
    expect(audit.map((e: { details: unknown }) => e.details)).toEqual([
      { from: { messagesPerDay: 100, llmTokensPerDay: null }, to: { messagesPerDay: null, llmTokensPerDay: 5000 } },
      { from: { messagesPerDay: null }, to: { messagesPerDay: 100 } },
    ]);
    const stats = await ck.api.get(`/workflows/${wf}/stats`, { cookie });
    expect(stats.body.usage).toMatchObject({ messagesPerDay: null, llmTokensPerDay: 5000 });

    for (const limits of [
      { messagesPerDay: 0 },
      { messagesPerDay: -1 },
      { messagesPerDay: 1.5 },
      { messagesPerDay: '3' },
      { other: 1 },
    ]) {
      const res = await setLimits(wf, limits);
      expect([JSON.stringify(limits), res.status, res.body.code]).toEqual([
        JSON.stringify(limits),
        400,
        'request.invalid',
      ]);
    }
    const stranger = await signUp(t.baseUrl);
    expect((await setLimits(wf, { messagesPerDay: 1 }, stranger.cookie)).status).toBe(404);
  });
});

describe('enforcing caps', () => {
  it('over messagesPerDay every visitor gets 429 workflow.quota_exceeded until the next UTC day; Canvas is not counted', async () => {
    const wf = await ck.workflow(cookie);
    const token = await ck.publish(cookie, wf);
    await setLimits(wf, { messagesPerDay: 2 });
    setClock(t, '2030-03-10T23:59:00.000Z');
    const a = await ck.visitorToken(wf, token);
    const b = await ck.visitorToken(wf, token);
    expect((await send(a)).status).toBe(200);
    expect((await send(b)).status).toBe(200);
    for (const visitor of [a, b]) {
      const refused = await send(visitor);
      expect([refused.status, refused.body.code]).toEqual([429, 'workflow.quota_exceeded']);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(refused.body.message).toMatch(/tomorrow/);
    }
    const canvas = await ck.canvasToken(cookie, wf);
    expect((await send(canvas)).status).toBe(200);

    const stats = await ck.api.get(`/workflows/${wf}/stats`, { cookie });
    expect(stats.body.usage).toEqual({
      date: '2030-03-10',
      messages: 2,
      llmTokens: 0,
      messagesPerDay: 2,
      llmTokensPerDay: null,
    });

    setClock(t, '2030-03-11T00:00:01.000Z');
    expect((await send(a)).status).toBe(200);
    // Clearing the cap lets everything through again.
    await setLimits(wf, { messagesPerDay: null });
    for (let i = 0; i < 3; i += 1) expect((await send(b)).status).toBe(200);
  });

  it('over llmTokensPerDay the next message is refused', async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const token = await ck.publish(cookie, wf);
    await setLimits(wf, { llmTokensPerDay: 5 });
    setClock(t, '2030-04-01T12:00:00.000Z');
    const visitor = await ck.visitorToken(wf, token);
    expect((await send(visitor, 'a question of several words')).status).toBe(200);
    const refused = await send(visitor, 'again');
    expect([refused.status, refused.body.code, refused.headers.get('retry-after')]).toEqual([
      429,
      'workflow.quota_exceeded',
      String(12 * 3600),
    ]);
    const usage = (await ck.api.get(`/workflows/${wf}/stats`, { cookie })).body.usage;
    expect(usage.llmTokens).toBeGreaterThan(5);
  });
});

describe.runIf(Boolean(process.env.REDIS_URL))('two instances sharing Redis', () => {
  let second: TestApp;
  beforeAll(async () => {
    second = await startTestApp({ database: t.database, env: { LLM_BASE_URL: stub.url } });
  });
  afterAll(() => second?.close());

  it('count one cap together', async () => {
    const wf = await ck.workflow(cookie);
    const token = await ck.publish(cookie, wf);
    await setLimits(wf, { messagesPerDay: 3 });
    setClock(t, '2030-05-01T08:00:00.000Z');
    setClock(second, '2030-05-01T08:00:00.000Z');
    const other = chatkitClient(second.baseUrl);
    const a = await ck.visitorToken(wf, token);
    const b = await other.visitorToken(wf, token);
    expect((await send(a)).status).toBe(200);
    expect((await other.call(b, 'threads.create', { input: input('hi') })).status).toBe(200);
    expect((await send(a)).status).toBe(200);
    const refused = await other.call(b, 'threads.create', { input: input('hi') });
    expect([refused.status, refused.body.code]).toEqual([429, 'workflow.quota_exceeded']);
    expect((await send(a)).status).toBe(429);
  });
});
