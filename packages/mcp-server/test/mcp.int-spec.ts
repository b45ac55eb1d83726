import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { defaultDefinition } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The CLI's test helper starts the real API; both packages test against it the same way.
import {
  createAccount,
  createWorkflow,
  startApi,
  type Account,
  type RunningApi,
} from '../../cli/test/support/api-server.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

let api: RunningApi;
let owner: Account;
let client: Client;
let support: { id: string };
let other: { id: string };

async function connect(env: Record<string, string>): Promise<Client> {
  const c = new Client({ name: 'wfchat-mcp-test', version: '0.0.0' });
  await c.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      env: { PATH: process.env.PATH ?? '', ...env },
      stderr: 'pipe',
    }),
  );
  return c;
}

async function call(name: string, args: Record<string, unknown> = {}, c = client) {
  const res = await c.callTool({ name, arguments: args });
  const text = (res.content as { type: string; text: string }[])[0]!.text;
  return { isError: res.isError === true, body: JSON.parse(text), structured: res.structuredContent as any };
}

beforeAll(async () => {
  api = await startApi();
  owner = await createAccount(api.baseUrl, 'mcp');
  support = await createWorkflow(api.baseUrl, owner.token, 'Support bot');
  other = await createWorkflow(api.baseUrl, owner.token, 'Other bot');
  client = await connect({ WFCHAT_API_URL: api.baseUrl, WFCHAT_TOKEN: owner.token });
});

afterAll(async () => {
  await client?.close();
  await api?.stop();
});

describe('wfchat-mcp against the real API', () => {
  it('lists the fifteen tools with input schemas from the contracts', async () => {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual([
      'create_link',
      'create_workflow',
      'delete_link',
      'list_conversations',
      'list_links',
      'list_workflows',
      'publish_workflow',
      'rotate_link',
      'rotate_publish_token',
      'set_require_login',
      'show_workflow',
      'unpublish_workflow',
      'update_workflow',
      'validate_workflow',
      'workflow_stats',
    ]);
    const publish = byName.publish_workflow!.inputSchema as any;
    expect(publish.required).toEqual(['workflowId']);
    expect(publish.additionalProperties).toBe(false);
    expect(publish.properties.workflowId.type).toBe('string');
    expect(publish.properties.requireLogin.type).toBe('boolean');
    expect(publish.properties.version).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    const setLogin = byName.set_require_login!.inputSchema as any;
    expect(setLogin.required.sort()).toEqual(['requireLogin', 'workflowId']);
    expect((byName.show_workflow!.inputSchema as any).required).toEqual(['workflowId']);
    expect(Object.keys((byName.list_workflows!.inputSchema as any).properties ?? {})).toEqual([]);
    expect(byName.unpublish_workflow!.annotations?.destructiveHint).toBe(true);
    expect(byName.publish_workflow!.outputSchema).toBeDefined();
  });

  it('list_workflows returns the API payload as text and structured content', async () => {
    const r = await call('list_workflows');
    expect(r.isError).toBe(false);
    expect(r.body).toEqual(r.structured);
    expect(r.body.data.map((w: { id: string }) => w.id).sort()).toEqual([support.id, other.id].sort());
  });

  it('show_workflow returns the workflow; an unknown id is a tool error with {code, message}', async () => {
    const r = await call('show_workflow', { workflowId: support.id });
    expect(r.isError).toBe(false);
    expect(r.body).toMatchObject({ id: support.id, name: 'Support bot', publish: { isPublic: false } });

    const missing = await call('show_workflow', { workflowId: 'nope' });
    expect(missing.isError).toBe(true);
    expect(missing.body).toEqual({ code: 'workflow.not_found', message: expect.any(String) });
  });

  let firstToken = '';

  it('publish_workflow returns {workflow, publishToken, shareUrl}; publishing again is publish.already_published', async () => {
    const r = await call('publish_workflow', { workflowId: support.id, requireLogin: true, version: 1 });
    expect(r.isError).toBe(false);
    firstToken = r.body.publishToken;
    expect(firstToken).toMatch(/^wfp_[A-Za-z0-9_-]{43}$/);
    expect(r.body.shareUrl).toBe(`${api.baseUrl}/chat/${support.id}#t=${firstToken}`);
    expect(r.body.workflow.publish).toMatchObject({ isPublic: true, requireLogin: true, publishedVersion: 1 });
    expect(r.structured.publishToken).toBe(firstToken);

    const again = await call('publish_workflow', { workflowId: support.id });
    expect(again.isError).toBe(true);
    expect(again.body.code).toBe('publish.already_published');

    const badVersion = await call('publish_workflow', { workflowId: other.id, version: 42 });
    expect(badVersion.isError).toBe(true);
    expect(badVersion.body.code).toBe('workflow.version_not_found');
  });

  it('invalid arguments are refused before reaching the API', async () => {
    const r = await client.callTool({ name: 'publish_workflow', arguments: { workflowId: other.id, version: 0 } });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toMatch(/version/);
    const extra = await client.callTool({ name: 'show_workflow', arguments: { workflowId: other.id, token: 'x' } });
    expect(extra.isError).toBe(true);
    const shown = await call('show_workflow', { workflowId: other.id });
    expect(shown.body.publish.isPublic).toBe(false);
  });

  it('set_require_login changes the publish state', async () => {
    const r = await call('set_require_login', { workflowId: support.id, requireLogin: false });
    expect(r.isError).toBe(false);
    expect(r.body).toMatchObject({ workflow: { id: support.id, publish: { requireLogin: false } } });
  });

  it('rotate_publish_token returns a new token and share URL', async () => {
    const r = await call('rotate_publish_token', { workflowId: support.id });
    expect(r.isError).toBe(false);
    expect(r.body.publishToken).toMatch(/^wfp_/);
    expect(r.body.publishToken).not.toBe(firstToken);
    expect(r.body.shareUrl).toContain(r.body.publishToken);
  });

  it('list_links, create_link, rotate_link and delete_link carry the API payloads; tokens only when made', async () => {
    const create = (await client.listTools()).tools.find((t) => t.name === 'create_link')!.inputSchema as any;
    expect(create.required.sort()).toEqual(['label', 'workflowId']);
    expect(create.properties.kind.enum).toEqual(['link', 'embed']);

    const made = await call('create_link', { workflowId: support.id, label: 'Newsletter' });
    expect(made.isError).toBe(false);
    expect(made.body).toEqual(made.structured);
    expect(made.body).toMatchObject({
      link: { label: 'Newsletter', kind: 'link', tokenHint: made.body.publishToken.slice(-4) },
      shareUrl: `${api.baseUrl}/chat/${support.id}#t=${made.body.publishToken}`,
    });

    const embed = await call('create_link', {
      workflowId: support.id,
      label: 'Website',
      kind: 'embed',
      allowedOrigins: ['https://www.example.com'],
    });
    expect(embed.body.embedSnippet).toBe(
      `<script src="${api.baseUrl}/embed.js" data-workflow="${support.id}" data-token="${embed.body.publishToken}" async></script>`,
    );
    const noOrigins = await call('create_link', { workflowId: support.id, label: 'Website', kind: 'embed' });
    expect(noOrigins.isError).toBe(true);
    expect(noOrigins.body.code).toBe('request.invalid');

    const listed = await call('list_links', { workflowId: support.id });
    expect(listed.body.data.map((l: { label: string }) => l.label)).toEqual(['Default link', 'Newsletter', 'Website']);
    expect(JSON.stringify(listed.body)).not.toMatch(/wfp_/);

    const rotated = await call('rotate_link', { workflowId: support.id, linkId: made.body.link.id });
    expect(rotated.body.publishToken).not.toBe(made.body.publishToken);
    expect(rotated.body.link.rotatedAt).not.toBeNull();

    expect((await call('delete_link', { workflowId: support.id, linkId: made.body.link.id })).body).toEqual({
      deleted: made.body.link.id,
    });
    const gone = await call('delete_link', { workflowId: support.id, linkId: made.body.link.id });
    expect(gone.isError).toBe(true);
    expect(gone.body.code).toBe('link.not_found');
  });

  it('show and list never carry the publish token', async () => {
    const shown = await call('show_workflow', { workflowId: support.id });
    const listed = await call('list_workflows');
    expect(JSON.stringify([shown.body, listed.body])).not.toMatch(/wfp_/);
  });

  it('unpublish_workflow makes it private; then unpublish, rotate and set_require_login are publish.not_published', async () => {
    const r = await call('unpublish_workflow', { workflowId: support.id });
    expect(r.isError).toBe(false);
    expect(r.body).toMatchObject({ workflow: { id: support.id, publish: { isPublic: false } } });

    for (const [name, args] of [
      ['unpublish_workflow', { workflowId: support.id }],
      ['rotate_publish_token', { workflowId: support.id }],
      ['set_require_login', { workflowId: support.id, requireLogin: true }],
    ] as const) {
      const e = await call(name, args);
      expect(e.isError).toBe(true);
      expect(e.body).toEqual({ code: 'publish.not_published', message: expect.any(String) });
    }
  });

  it("create_workflow, update_workflow and validate_workflow have the contracts' schemas", async () => {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const create = byName.create_workflow!.inputSchema as any;
    expect(create.required).toEqual(['name']);
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 120 });
    expect(create.properties.definition.type).toBe('object');
    const update = byName.update_workflow!.inputSchema as any;
    expect(update.required.sort()).toEqual(['version', 'workflowId']);
    expect(update.properties.version).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    expect((byName.validate_workflow!.inputSchema as any).required).toEqual(['definition']);
    expect(byName.validate_workflow!.annotations?.readOnlyHint).toBe(true);
    expect(byName.update_workflow!.outputSchema).toBeDefined();
  });

  let created: { id: string; version: number } = { id: '', version: 0 };

  it('create_workflow returns the new workflow; an invalid definition is workflow.invalid_definition with issues', async () => {
    const r = await call('create_workflow', { name: 'Made by an assistant', definition: defaultDefinition() });
    expect(r.isError).toBe(false);
    expect(r.body).toEqual(r.structured);
    expect(r.body).toMatchObject({ name: 'Made by an assistant', version: 1, latestVersion: 1 });
    expect(r.body.definition).toEqual(defaultDefinition());
    created = r.body;

    const bad = await call('create_workflow', { name: 'Broken', definition: { v: 1, nodes: [], edges: [] } });
    expect(bad.isError).toBe(true);
    expect(bad.body).toMatchObject({
      code: 'workflow.invalid_definition',
      issues: [{ path: 'nodes', message: expect.stringContaining('no reply node') }],
    });
    const listed = await call('list_workflows');
    expect(listed.body.data.map((w: { name: string }) => w.name)).not.toContain('Broken');
  });

  it('update_workflow saves with the current version; a stale version is workflow.version_conflict and changes nothing', async () => {
    const def = defaultDefinition();
    def.chat.greeting = 'Updated by an assistant';
    const r = await call('update_workflow', {
      workflowId: created.id,
      version: created.version,
      name: 'Renamed',
      definition: def,
    });
    expect(r.isError).toBe(false);
    expect(r.body).toMatchObject({ id: created.id, name: 'Renamed', version: created.version + 1, latestVersion: 2 });
    expect(r.body.definition.chat.greeting).toBe('Updated by an assistant');

    const stale = await call('update_workflow', { workflowId: created.id, version: created.version, name: 'Lost' });
    expect(stale.isError).toBe(true);
    expect(stale.body).toEqual({ code: 'workflow.version_conflict', message: expect.any(String) });
    expect((await call('show_workflow', { workflowId: created.id })).body.name).toBe('Renamed');

    const missing = await call('update_workflow', { workflowId: 'nope', version: 1, name: 'x' });
    expect(missing.body.code).toBe('workflow.not_found');
  });

  it('validate_workflow answers {valid, issues} offline, naming nodes and edges in words', async () => {
    const good = await call('validate_workflow', { definition: defaultDefinition() });
    expect(good.isError).toBe(false);
    expect(good.body).toEqual({ valid: true, issues: [] });

    const def = defaultDefinition();
    def.edges.push({ source: 'answer', target: 'ghost' });
    const bad = await call('validate_workflow', { definition: def });
    expect(bad.isError).toBe(false);
    expect(bad.structured).toEqual({
      valid: false,
      issues: [
        {
          where: 'edge 2 ("answer" → "ghost"), target',
          path: 'definition.edges.1.target',
          message: 'edge target "ghost" is not a node',
        },
      ],
    });
  });

  it('a bad token gives auth.invalid_token tool errors', async () => {
    const bad = await connect({ WFCHAT_API_URL: api.baseUrl, WFCHAT_TOKEN: 'wfa_bogus' });
    try {
      const r = await call('list_workflows', {}, bad);
      expect(r.isError).toBe(true);
      expect(r.body.code).toBe('auth.invalid_token');
    } finally {
      await bad.close();
    }
  });

  it('refuses to start without WFCHAT_API_URL and WFCHAT_TOKEN, saying why on stderr', async () => {
    const child = spawn(process.execPath, [BIN], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('WFCHAT_API_URL is not set');
    expect(stderr).toContain('WFCHAT_TOKEN is not set');
  });
});

// Last: it adds a workflow, which the listing tests above would see.
describe('wfchat-mcp insights tools', () => {
  it('list_conversations and workflow_stats return the insights payloads; a stranger’s id is workflow.not_found', async () => {
    // A workflow of its own: the other tests expect theirs unpublished and the list unchanged.
    const bot = await createWorkflow(api.baseUrl, owner.token, 'Insights bot');
    const published = await call('publish_workflow', { workflowId: bot.id });
    const visitor = await fetch(`${api.baseUrl}/api/public/workflows/${bot.id}/session`, {
      method: 'POST',
      headers: { origin: api.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ publishToken: published.body.publishToken }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const chat = await fetch(`${api.baseUrl}/api/chatkit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'threads.create',
        params: {
          input: { content: [{ type: 'input_text', text: 'hello from mcp' }], attachments: [], inference_options: {} },
        },
      }),
    });
    expect(chat.status).toBe(200);
    await chat.text();

    const list = await call('list_conversations', { workflowId: bot.id, q: 'MCP' });
    expect(list.isError).toBe(false);
    expect(list.body).toEqual(list.structured);
    expect(list.body.next).toBeNull();
    expect(list.body.data).toEqual([
      expect.objectContaining({
        title: 'hello from mcp',
        messages: 2,
        visitor: expect.objectContaining({ kind: 'visitor' }),
      }),
    ]);

    const today = new Date().toISOString().slice(0, 10);
    const stats = await call('workflow_stats', { workflowId: bot.id, from: today, to: today });
    expect(stats.isError).toBe(false);
    expect(stats.body.days).toEqual([
      expect.objectContaining({ date: today, conversations: 1, messages: 1, visitors: 1 }),
    ]);

    const missing = await call('list_conversations', { workflowId: 'wf_nope' });
    expect([missing.isError, missing.body.code]).toEqual([true, 'workflow.not_found']);
  });
});
