import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signUp } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createWorkflow } from './support/workflows.js';

let t: TestApp;
let logs = '';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  t = await startTestApp({ env: { LOG_LEVEL: 'debug' }, logSink: sink });
});
afterAll(() => t.close());

describe('logs', () => {
  it('never contain a password, session, API token, publish token or chat JWT', async () => {
    const api = client(t.baseUrl);
    const password = 'a very secret password';
    const { cookie } = await signUp(t.baseUrl, undefined, password);
    const apiToken = (await api.post('/auth/tokens', { name: 'ci' }, { cookie })).body.token as string;
    const w = await createWorkflow(t.baseUrl, cookie);
    const published = await api.post(`/workflows/${w.id}/publish`, {}, { bearer: apiToken });
    const publishToken = published.body.publishToken as string;
    const session = await api.post(`/public/workflows/${w.id}/session`, { publishToken });
    const jwt = session.body.token as string;
    const chat = await api.post(
      '/chatkit',
      { type: 'threads.create', params: { input: { content: [{ type: 'input_text', text: 'hello' }], attachments: [], inference_options: {} } } },
      { bearer: jwt, cookie: `vid=${session.cookies.vid}` },
    );
    expect(chat.status).toBe(200);
    // Failures get logged too: a wrong token, a tampered JWT.
    await api.post(`/public/workflows/${w.id}/session`, { publishToken: `${publishToken.slice(0, -2)}xx` });
    await api.post('/chatkit', { type: 'threads.list', params: {} }, { bearer: `${jwt}x` });

    await api.get('/healthz?token=a-secret-in-the-query');

    expect(logs).toContain('request completed'); // the sink really received the request log
    const lines = logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed.find((l) => l.req.url === '/api/chatkit')).toEqual({
      level: 30,
      time: expect.any(Number),
      reqId: expect.any(String),
      req: { id: expect.any(String), method: 'POST', url: '/api/chatkit' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    expect(completed.map((l) => l.req.url)).toContain('/api/healthz?token=[redacted]');
    expect(logs).not.toContain('a-secret-in-the-query');
    const sid = cookie.slice('sid='.length);
    for (const secret of [password, sid, apiToken, publishToken, jwt, session.cookies.vid!]) {
      expect(logs.includes(secret), `a secret starting ${secret.slice(0, 6)} is in the logs`).toBe(false);
    }
    expect(logs).not.toMatch(/wfp_[A-Za-z0-9_-]{20}/);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
