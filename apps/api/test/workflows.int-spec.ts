import { defaultDefinition } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signUp } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createWorkflow, templateDefinition } from './support/workflows.js';

let t: TestApp;
let api: ReturnType<typeof client>;
let owner: { cookie: string };
let other: { cookie: string };

beforeAll(async () => {
  t = await startTestApp();
  api = client(t.baseUrl);
  owner = await signUp(t.baseUrl);
  other = await signUp(t.baseUrl);
});
afterAll(() => t.close());

describe('workflow CRUD', () => {
  it('creates a workflow with the default definition, version 1, unpublished', async () => {
    const res = await api.post('/workflows', { name: 'Support bot', description: 'Answers' }, owner);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Support bot',
      description: 'Answers',
      version: 1,
      latestVersion: 1,
      definition: defaultDefinition(),
      publish: { isPublic: false, requireLogin: false, tokenHint: null, shareUrl: null, publishedVersion: null },
    });
    expect(res.body.id).toMatch(/^wf_/);
    expect((await api.get('/workflows', owner)).body.data.map((w: { id: string }) => w.id)).toContain(res.body.id);
  });

  it('rejects an invalid definition with the path of each problem', async () => {
    const bad = {
      v: 1,
      nodes: [
        { id: 't', type: 'template', config: { template: 'Hi {{nodes.ghost.output}}' } },
        { id: 'x', type: 'teleport', config: {} },
      ],
      edges: [{ source: 't', target: 'nowhere' }],
    };
    const res = await api.post('/workflows', { name: 'Broken', definition: bad }, owner);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('workflow.invalid_definition');
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths.some((p: string) => p.startsWith('nodes.1'))).toBe(true);
  });

  it('saves with optimistic locking: every definition save is a new immutable version', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const saved = await api.patch(`/workflows/${w.id}`, { definition: templateDefinition('v2 says {{input}}'), version: 1 }, owner);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, latestVersion: 2 });

    const renamed = await api.patch(`/workflows/${w.id}`, { name: 'Renamed', version: 2 }, owner);
    expect(renamed.body).toMatchObject({ name: 'Renamed', version: 3, latestVersion: 2 });

    const stale = await api.patch(`/workflows/${w.id}`, { name: 'Lost update', version: 2 }, owner);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('workflow.version_conflict');
    expect((await api.get(`/workflows/${w.id}`, owner)).body.name).toBe('Renamed');

    const versions = await api.get(`/workflows/${w.id}/versions`, owner);
    expect(versions.body.data.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    const v1 = await api.get(`/workflows/${w.id}/versions/1`, owner);
    expect(v1.body.definition).toEqual(defaultDefinition());
    const v2 = await api.get(`/workflows/${w.id}/versions/2`, owner);
    expect(JSON.stringify(v2.body.definition)).toContain('v2 says');
    expect((await api.get(`/workflows/${w.id}/versions/9`, owner)).body.code).toBe('workflow.version_not_found');
  });

  it('upgrades a stored legacy definition when it is read', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    // A v0 definition (no `v`) written by an older server.
    await t.database.db.sql.query(`UPDATE "WorkflowVersion" SET definition = $1 WHERE "workflowId" = $2`, [
      JSON.stringify({ greeting: 'Old hello', steps: [{ type: 'template', template: 'legacy {{input}}' }] }),
      w.id,
    ]);
    const v1 = await api.get(`/workflows/${w.id}/versions/1`, owner);
    expect(v1.status).toBe(200);
    expect(v1.body.definition.v).toBe(1);
    expect(v1.body.definition.chat.greeting).toBe('Old hello');
  });

  it("hides another user's workflow behind the same 404 as a missing one", async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    for (const res of [
      await api.get(`/workflows/${w.id}`, other),
      await api.patch(`/workflows/${w.id}`, { name: 'Mine now', version: 1 }, other),
      await api.delete(`/workflows/${w.id}`, other),
      await api.get(`/workflows/${w.id}/versions`, other),
      await api.get('/workflows/wf_doesnotexist', owner),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'workflow.not_found', message: 'No such workflow.' });
    }
    expect((await api.get('/workflows', other)).body.data.map((x: { id: string }) => x.id)).not.toContain(w.id);
  });

  it('deletes a workflow (and with it its publication)', async () => {
    const w = await createWorkflow(t.baseUrl, owner.cookie);
    const { body } = await api.post(`/workflows/${w.id}/publish`, {}, owner);
    expect(body.publishToken).toBeTruthy();
    expect((await api.delete(`/workflows/${w.id}`, owner)).status).toBe(204);
    expect((await api.get(`/workflows/${w.id}`, owner)).status).toBe(404);
    const session = await api.post(`/public/workflows/${w.id}/session`, { publishToken: body.publishToken });
    expect(session.status).toBe(404);
  });
});
