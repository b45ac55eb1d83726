import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoSeedService } from '../src/modules/demo/demo-seed.service.js';
import { client } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { SEED_DEMO: 'true' } });
});
afterAll(() => t.close());

describe('demo seed (embedded default)', () => {
  it('creates a demo account and a published demo workflow that a visitor can open', async () => {
    const demo = (await t.app.get(DemoSeedService).ensure())!;
    expect(demo.email).toBe('demo@wfchat.local');
    expect(demo.password.length).toBeGreaterThanOrEqual(12);
    expect(demo.shareUrl).toMatch(new RegExp(`^${t.config.publicBaseUrl}/chat/wf_\\w+#t=wfp_`));
    expect(fs.statSync(path.join(t.config.dataDir, 'demo.json')).mode & 0o777).toBe(0o600);

    const api = client(t.baseUrl);
    const login = await api.post('/auth/login', { email: demo.email, password: demo.password });
    expect(login.status).toBe(200);
    const token = demo.shareUrl.split('#t=')[1];
    const meta = await api.get(`/public/workflows/${demo.workflowId}`);
    expect(meta.body.name).toBe('Demo FAQ');
    expect(meta.body.chat.prompts.length).toBeGreaterThan(0);
    expect((await api.post(`/public/workflows/${demo.workflowId}/session`, { publishToken: token })).status).toBe(200);
  });

  it('seeds only once and stops printing a link that was rotated', async () => {
    const seed = t.app.get(DemoSeedService);
    const first = (await seed.ensure())!;
    const again = (await seed.ensure())!;
    expect(again).toEqual(first);
    const users = await t.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "User"');
    expect(users[0]!.n).toBe(1);

    const cookie = `sid=${(await client(t.baseUrl).post('/auth/login', { email: first.email, password: first.password })).cookies.sid}`;
    await client(t.baseUrl).post(`/workflows/${first.workflowId}/publish/rotate`, undefined, { cookie });
    expect((await seed.ensure())!.shareUrl).toBe('');
  });
});
