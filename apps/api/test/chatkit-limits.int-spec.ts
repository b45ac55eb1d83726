import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient, input } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      RATE_LIMIT_MESSAGES_PER_MIN: '2',
      RATE_LIMIT_PRINCIPAL_PER_MIN: '6',
      RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN: '3',
    },
  });
  ck = chatkitClient(t.baseUrl);
});
afterAll(() => t?.close());

function expect429(res: { status: number; headers: Headers; body: any }) {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('chatkit rate limits', () => {
  it('limits messages per principal (429 with Retry-After) while reads still work', async () => {
    const { cookie } = await ck.owner();
    const token = await ck.canvasToken(cookie, await ck.workflow(cookie));
    expect((await ck.call(token, 'threads.create', { input: input('one') })).status).toBe(200);
    expect((await ck.call(token, 'threads.create', { input: input('two') })).status).toBe(200);
    const third = await ck.call(token, 'threads.create', { input: input('three') });
    expect429(third);
    expect(third.body.message).toMatch(/messages/i);
    const list = await ck.call(token, 'threads.list', {});
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
  });

  it('limits all visitors of one published workflow together', async () => {
    const { cookie } = await ck.owner();
    const wf = await ck.workflow(cookie);
    const publishToken = await ck.publish(cookie, wf);
    const a = await ck.visitorToken(wf, publishToken);
    const b = await ck.visitorToken(wf, publishToken);
    const c = await ck.visitorToken(wf, publishToken);
    expect((await ck.call(a, 'threads.create', { input: input('a1') })).status).toBe(200);
    expect((await ck.call(a, 'threads.create', { input: input('a2') })).status).toBe(200);
    expect((await ck.call(b, 'threads.create', { input: input('b1') })).status).toBe(200);
    const refused = await ck.call(c, 'threads.create', { input: input('c1') });
    expect429(refused);
    expect(refused.body.message).toMatch(/busy/i);
    // Canvas test chats do not count against (nor are refused by) the published workflow's limit.
    const canvas = await ck.canvasToken(cookie, wf);
    expect((await ck.call(canvas, 'threads.create', { input: input('author test') })).status).toBe(200);
  });

  it('limits every /chatkit call per principal', async () => {
    const { cookie } = await ck.owner();
    const token = await ck.canvasToken(cookie, await ck.workflow(cookie));
    for (let i = 0; i < 6; i += 1) expect((await ck.call(token, 'threads.list', {})).status).toBe(200);
    expect429(await ck.call(token, 'threads.list', {}));
    const metrics = await (await fetch(`${t.baseUrl}/api/metrics`)).text();
    expect(metrics).toMatch(/wfchat_rate_limited_total\{limit="chatkit"\} [1-9]/);
    expect(metrics).toMatch(/wfchat_rate_limited_total\{limit="chatkit-messages"\} [1-9]/);
    expect(metrics).toMatch(/wfchat_rate_limited_total\{limit="chatkit-workflow"\} [1-9]/);
  });
});
