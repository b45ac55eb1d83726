import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatkitClient } from './support/chatkit.js';
import { startTestApp, startTwoTestApps, type TestApp, type TwoTestApps } from './support/test-app.js';

/**
 * Turning `requireLogin` on must cut anonymous visitors at their next request,
 * exactly as a rotation does, while signed-in visitors keep chatting.
 */
describe('turning requireLogin on, one instance', () => {
  let t: TestApp;
  let ck: ReturnType<typeof chatkitClient>;
  beforeAll(async () => {
    t = await startTestApp();
    ck = chatkitClient(t.baseUrl);
  });
  afterAll(() => t?.close());

  it('refuses an anonymous visitor token at its next request with 401 auth.login_required', async () => {
    const { cookie } = await ck.owner();
    const wf = await ck.workflow(cookie);
    const publishToken = await ck.publish(cookie, wf);
    const visitor = await ck.visitorToken(wf, publishToken);
    expect((await ck.call(visitor, 'threads.list')).status).toBe(200); // the access cache now holds the state

    const patch = await ck.api.patch(`/workflows/${wf}/publish`, { requireLogin: true }, { cookie });
    expect(patch.status).toBe(200);

    const after = await ck.call(visitor, 'threads.list');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.login_required');

    // A signed-in visitor's token, minted now, works; turning the gate off again lets anonymous visitors back.
    const session = await ck.api.post(`/public/workflows/${wf}/session`, { publishToken }, { cookie });
    expect(session.status).toBe(200);
    expect((await ck.call(session.body.token, 'threads.list')).status).toBe(200);
    await ck.api.patch(`/workflows/${wf}/publish`, { requireLogin: false }, { cookie });
    expect((await ck.call(await ck.visitorToken(wf, publishToken), 'threads.list')).status).toBe(200);
  });
});

const shared = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

describe.runIf(shared)('turning requireLogin on, two instances sharing PostgreSQL and Redis', () => {
  let apps: TwoTestApps;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    apps = await startTwoTestApps();
    ({ a, b } = apps);
  });
  afterAll(() => apps?.close());

  it('a change on A cuts the anonymous visitor talking to B at their next request', async () => {
    const onA = chatkitClient(a.baseUrl);
    const onB = chatkitClient(b.baseUrl);
    const { cookie } = await onA.owner();
    const wf = await onA.workflow(cookie);
    const publishToken = await onA.publish(cookie, wf);
    const visitor = await onB.visitorToken(wf, publishToken);
    expect((await onB.call(visitor, 'threads.list')).status).toBe(200); // B caches the publish state

    expect((await onA.api.patch(`/workflows/${wf}/publish`, { requireLogin: true }, { cookie })).status).toBe(200);

    const after = await onB.call(visitor, 'threads.list');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.login_required');
  });
});
