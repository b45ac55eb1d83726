import { describe, expect, it } from 'vitest';
import { ownerWorkspace } from './support/owner-workspace.js';

const ws = ownerWorkspace('links', 'Linked bot');
const { cli } = ws;

const mint = (publishToken: string, origin: string) =>
  fetch(`${ws.api.baseUrl}/api/public/workflows/${ws.wf.id}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ publishToken }),
  });

describe('wfchat link', () => {
  it('needs a published workflow: link list says how to publish; link create exits 5', async () => {
    const listed = await cli(['link', 'list', ws.wf.id]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`wfchat workflow publish ${ws.wf.id}`);
    const created = await cli(['link', 'create', ws.wf.id, '--label', 'Too early']);
    expect(created.code).toBe(5);
    expect((await cli(['workflow', 'publish', ws.wf.id, '--yes'])).code).toBe(0);
  });

  it('create prints a working link once; --json gives the API payload with the warning on stderr', async () => {
    const human = await cli(['link', 'create', ws.wf.id, '--label', 'Newsletter']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Created the link "Newsletter"');
    expect(human.stdout).toContain('Store it now; it will not be shown again');
    const token = human.stdout.match(/Publish token:\s+(wfp_\S+)/)?.[1];
    expect(token).toMatch(/^wfp_/);
    expect((await mint(token!, ws.api.baseUrl)).status).toBe(200);

    const json = await cli(['link', 'create', ws.wf.id, '--label', 'Partners', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      link: { label: 'Partners', kind: 'link' },
      publishToken: expect.stringMatching(/^wfp_/),
      shareUrl: expect.stringContaining(`/chat/${ws.wf.id}#t=wfp_`),
    });
    expect(json.stderr).toContain('in this output only');
  });

  it('create --embed needs --origin, prints the snippet, and binds the token to the origins', async () => {
    expect((await cli(['link', 'create', ws.wf.id, '--label', 'Site', '--embed'])).code).toBe(2);
    expect((await cli(['link', 'create', ws.wf.id, '--label', 'Site', '--origin', 'https://a.example'])).code).toBe(2);
    const bad = await cli([
      'link',
      'create',
      ws.wf.id,
      '--label',
      'Site',
      '--embed',
      '--origin',
      'https://a.example/path',
    ]);
    expect(bad.code).toBe(2);

    const res = await cli([
      'link',
      'create',
      ws.wf.id,
      '--label',
      'Site',
      '--embed',
      '--origin',
      'https://a.example, https://b.example',
      '--json',
    ]);
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout);
    expect(body.link).toMatchObject({ kind: 'embed', allowedOrigins: ['https://a.example', 'https://b.example'] });
    expect(body.embedSnippet).toBe(
      `<script src="${ws.api.baseUrl}/embed.js" data-workflow="${ws.wf.id}" data-token="${body.publishToken}" async></script>`,
    );
    expect((await mint(body.publishToken, 'https://b.example')).status).toBe(200);
    expect((await mint(body.publishToken, 'https://c.example')).status).toBe(403);
  });

  it('list shows every link without tokens; --json is the API payload', async () => {
    const human = await cli(['link', 'list', ws.wf.id]);
    expect(human.code).toBe(0);
    const [header, ...rows] = human.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+LABEL\s+KIND\s+TOKEN\s+CREATED\s+LAST USED\s+ORIGINS$/);
    expect(rows.map((r) => r.split(/\s{2,}/)[1])).toEqual(['Default link', 'Newsletter', 'Partners', 'Site']);
    expect(human.stdout).not.toMatch(/wfp_/);
    const json = JSON.parse((await cli(['link', 'list', ws.wf.id, '--json'])).stdout);
    expect(json.data).toHaveLength(4);
  });

  it('rotate and delete need --yes without a terminal, then cut the old token; an unknown link exits 3', async () => {
    const created = JSON.parse((await cli(['link', 'create', ws.wf.id, '--label', 'Doomed', '--json'])).stdout);
    const linkId = created.link.id as string;
    const refused = await cli(['link', 'rotate', ws.wf.id, linkId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('re-run with --yes');

    const rotated = await cli(['link', 'rotate', ws.wf.id, linkId, '--yes']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Replaced the token of "Doomed"');
    const fresh = rotated.stdout.match(/Publish token:\s+(wfp_\S+)/)?.[1];
    expect((await mint(created.publishToken, ws.api.baseUrl)).status).toBe(401);
    expect((await mint(fresh!, ws.api.baseUrl)).status).toBe(200);

    expect((await cli(['link', 'delete', ws.wf.id, linkId])).code).toBe(2);
    const deleted = await cli(['link', 'delete', ws.wf.id, linkId, '--yes', '--json']);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: linkId });
    expect((await mint(fresh!, ws.api.baseUrl)).status).toBe(401);

    const missing = await cli(['link', 'delete', ws.wf.id, linkId, '--yes']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`wfchat link list ${ws.wf.id}`);
  });
});
