/**
 * Workflows as files (validate, create, export, push) and the terminal chat,
 * run as `dist/bin.js` child processes against the real API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultDefinition } from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createWorkflow, startApi, type Account, type RunningApi } from './support/api-server.js';
import { runCli, tempHome } from './support/cli.js';

let api: RunningApi;
let owner: Account;
let home: ReturnType<typeof tempHome>;

const cli = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
  runCli(args, {
    input: opts.input,
    env: {
      HOME: home.home,
      WFCHAT_CONFIG_DIR: home.configDir,
      WFCHAT_API_URL: api.baseUrl,
      WFCHAT_TOKEN: owner.token,
      ...opts.env,
    },
  });

const file = (name: string) => path.join(home.home, name);
const writeJson = (name: string, value: unknown) => {
  fs.writeFileSync(file(name), `${JSON.stringify(value, null, 2)}\n`);
  return file(name);
};
const readJson = (name: string) => JSON.parse(fs.readFileSync(file(name), 'utf8'));

async function getWorkflow(id: string): Promise<any> {
  const res = await fetch(`${api.baseUrl}/api/workflows/${id}`, {
    headers: { authorization: `Bearer ${owner.token}` },
  });
  return res.json();
}

/** Someone else saving the workflow (Canvas does the same PATCH). */
async function editElsewhere(id: string, version: number, name: string) {
  const res = await fetch(`${api.baseUrl}/api/workflows/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, version }),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  api = await startApi();
  owner = await createAccount(api.baseUrl, 'files');
  home = tempHome();
});

afterAll(async () => {
  await api?.stop();
  home?.cleanup();
});

describe('workflow validate (offline)', () => {
  it('accepts a valid file', async () => {
    const f = writeJson('valid.json', { name: 'Valid bot', definition: defaultDefinition() });
    // No server is needed: point at one that does not exist.
    const r = await cli(['workflow', 'validate', f], { env: { WFCHAT_API_URL: 'http://127.0.0.1:9' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is valid: "Valid bot", 2 nodes, 1 edge');
    const json = await cli(['workflow', 'validate', f, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ valid: true, name: 'Valid bot', nodes: 2, edges: 1 });
  });

  it('refuses an invalid file with exit 2 and every problem in words, naming the node or edge', async () => {
    const def = defaultDefinition();
    def.nodes[0] = { id: 'answer', type: 'template', config: { template: 'Hi {{nodes.ghost.output}}' } };
    def.edges.push({ source: 'answer', target: 'nowhere' });
    const f = writeJson('invalid.json', { name: 'Broken bot', definition: def });
    const r = await cli(['workflow', 'validate', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('invalid.json is not a valid workflow: 2 problems');
    expect(r.stderr).toContain('workflow.invalid_definition');
    expect(r.stderr).toContain('- node "answer" (template), config.template: refers to unknown node "ghost"');
    expect(r.stderr).toContain('- edge 2 ("answer" → "nowhere"), target: edge target "nowhere" is not a node');
    expect(r.stderr).not.toContain('nodes.0');

    const json = await cli(['workflow', 'validate', f, '--json']);
    expect(json.code).toBe(2);
    const body = JSON.parse(json.stderr);
    expect(body.code).toBe('workflow.invalid_definition');
    expect(body.issues).toContainEqual({
      where: 'node "answer" (template), config.template',
      path: 'definition.nodes.0.config.template',
      message: 'refers to unknown node "ghost"',
    });
  });

  it('names a missing name, unreadable JSON and a missing file plainly (exit 2)', async () => {
    const noName = await cli(['workflow', 'validate', writeJson('noname.json', { definition: defaultDefinition() })]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('- "name":');
    fs.writeFileSync(file('broken.json'), '{"name": "x",');
    const broken = await cli(['workflow', 'validate', file('broken.json')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid JSON');
    const missing = await cli(['workflow', 'validate', file('missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
});

describe('workflow create, export and push against the real API', () => {
  it('create --from makes a new workflow from the file and leaves the file alone', async () => {
    const f = writeJson('create.json', {
      name: 'Created bot',
      description: 'from a file',
      definition: defaultDefinition(),
    });
    const before = fs.readFileSync(f, 'utf8');
    const r = await cli(['workflow', 'create', '--from', f, '--json']);
    expect(r.code).toBe(0);
    const w = JSON.parse(r.stdout);
    expect(w).toMatchObject({ name: 'Created bot', description: 'from a file', latestVersion: 1 });
    expect((await getWorkflow(w.id)).definition).toEqual(defaultDefinition());
    expect(fs.readFileSync(f, 'utf8')).toBe(before);

    const missing = await cli(['workflow', 'create']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--from <file>');
    const invalid = await cli(['workflow', 'create', '--from', writeJson('bad.json', { name: 'x', definition: {} })]);
    expect(invalid.code).toBe(2);
  });

  it('export prints a file (key, version, name, description, definition) that validates; --version picks a saved one', async () => {
    const w = await createWorkflow(api.baseUrl, owner.token, 'Exported bot');
    const r = await cli(['workflow', 'export', w.id]);
    expect(r.code).toBe(0);
    const exported = JSON.parse(r.stdout);
    expect(Object.keys(exported)).toEqual(['key', 'version', 'name', 'description', 'definition']);
    expect(exported).toMatchObject({ key: w.id, version: 1, name: 'Exported bot', description: '' });
    expect(exported.definition).toEqual(defaultDefinition());
    fs.writeFileSync(file('exported.json'), r.stdout);
    expect((await cli(['workflow', 'validate', file('exported.json')])).code).toBe(0);

    // Push a change, then export the first saved definition again.
    exported.definition.chat.greeting = 'Changed greeting';
    writeJson('exported.json', exported);
    expect((await cli(['workflow', 'push', file('exported.json')])).code).toBe(0);
    const v1 = JSON.parse((await cli(['workflow', 'export', w.id, '--version', '1'])).stdout);
    expect(v1.definition.chat.greeting).toBe(defaultDefinition().chat.greeting);
    expect(v1.version).toBe(2);
    const v2 = JSON.parse((await cli(['workflow', 'export', w.id, '--version', '2'])).stdout);
    expect(v2.definition.chat.greeting).toBe('Changed greeting');
    const none = await cli(['workflow', 'export', w.id, '--version', '9']);
    expect(none.code).toBe(3);
  });

  it('push creates, records the key, then updates with a diff; no change is "No changes"', async () => {
    const f = writeJson('push.json', { name: 'Pushed bot', definition: defaultDefinition() });
    const first = await cli(['workflow', 'push', f]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created "Pushed bot" \(wf_\S+, version 1\)/);
    const recorded = readJson('push.json');
    expect(recorded).toMatchObject({ key: expect.stringMatching(/^wf_/), version: 1, name: 'Pushed bot' });
    const id = recorded.key as string;

    const same = await cli(['workflow', 'push', f]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`No changes: "Pushed bot" (${id}) already matches`);
    expect((await getWorkflow(id)).latestVersion).toBe(1);

    const def = recorded.definition;
    def.nodes.splice(1, 0, { id: 'shout', type: 'template', config: { template: '{{nodes.answer.output}}!' } });
    def.edges = [
      { source: 'answer', target: 'shout' },
      { source: 'shout', target: 'reply' },
    ];
    def.chat.greeting = 'Hello from git';
    writeJson('push.json', { ...recorded, definition: def });
    const second = await cli(['workflow', 'push', f]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Updated "Pushed bot" (${id}, version 2):`);
    expect(second.stdout).toContain('nodes: 1 added (shout)');
    expect(second.stdout).toContain('edges: 2 added (answer → shout, shout → reply), 1 removed (answer → reply)');
    expect(second.stdout).toContain('chat: greeting changed');
    expect(readJson('push.json').version).toBe(2);
    const server = await getWorkflow(id);
    expect(server.definition.nodes.map((n: { id: string }) => n.id)).toEqual(['answer', 'shout', 'reply']);

    // --json: the action, the workflow and the diff.
    writeJson('push.json', { ...readJson('push.json'), description: 'now described' });
    const json = await cli(['workflow', 'push', f, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      action: 'updated',
      workflow: { id, version: 3, description: 'now described' },
      diff: { description: true, nodes: { added: [], removed: [], changed: [] }, chat: [] },
    });
  });

  it('push from a stale version exits 5 with a hint and keeps the other edit; --force overwrites', async () => {
    const f = writeJson('stale.json', { name: 'Shared bot', definition: defaultDefinition() });
    expect((await cli(['workflow', 'push', f])).code).toBe(0);
    const { key, version } = readJson('stale.json');
    await editElsewhere(key, version, 'Renamed in Canvas');

    writeJson('stale.json', { ...readJson('stale.json'), description: 'my change' });
    const stale = await cli(['workflow', 'push', f]);
    expect(stale.code).toBe(5);
    expect(stale.stderr).toContain('workflow.version_conflict');
    expect(stale.stderr).toContain(`wfchat workflow export ${key}`);
    expect(stale.stderr).toContain('--force');
    expect(await getWorkflow(key)).toMatchObject({ name: 'Renamed in Canvas', description: '' });
    expect(readJson('stale.json').version).toBe(version);

    const json = await cli(['workflow', 'push', f, '--json']);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stderr)).toMatchObject({ code: 'workflow.version_conflict', hint: expect.any(String) });

    const forced = await cli(['workflow', 'push', f, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('name: "Renamed in Canvas" → "Shared bot"');
    expect(await getWorkflow(key)).toMatchObject({ name: 'Shared bot', description: 'my change' });
  });

  it('push of a file whose key names no workflow of yours exits 3; an invalid file is refused before any call', async () => {
    const f = writeJson('ghost.json', { key: 'wf_ghost', version: 1, name: 'Ghost', definition: defaultDefinition() });
    const r = await cli(['workflow', 'push', f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('remove "key"');

    const bad = writeJson('bad-push.json', { name: 'Bad', definition: { v: 1, nodes: [], edges: [] } });
    const refused = await cli(['workflow', 'push', bad], { env: { WFCHAT_API_URL: 'http://127.0.0.1:9' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no reply node is reachable');
  });
});

describe('chat', () => {
  it('as the owner: two piped lines, two template answers streamed into one thread', async () => {
    const w = await createWorkflow(api.baseUrl, owner.token, 'Chatty bot');
    const r = await cli(['chat', w.id], { input: 'hello there\nsecond line\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'You said: "hello there". Edit this workflow in Canvas to change what I answer.\n' +
        'You said: "second line". Edit this workflow in Canvas to change what I answer.\n',
    );

    const json = await cli(['chat', w.id, '--json'], { input: 'one\ntwo\n' });
    expect(json.code).toBe(0);
    const events = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'thread.created')).toHaveLength(1);
    const deltas = events.filter(
      (e) => e.type === 'thread.item.updated' && e.update.type === 'assistant_message.content_part.text_delta',
    );
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.map((e) => e.update.delta).join('')).toBe(
      'You said: "one". Edit this workflow in Canvas to change what I answer.' +
        'You said: "two". Edit this workflow in Canvas to change what I answer.',
    );
    const threadIds = new Set(events.filter((e) => e.type === 'thread.item.done').map((e) => e.item.thread_id));
    expect(threadIds.size).toBe(1);
  });

  it('through a share link as a visitor, without an API token; a rotated link exits 4', async () => {
    const w = await createWorkflow(api.baseUrl, owner.token, 'Public bot');
    const published = JSON.parse((await cli(['workflow', 'publish', w.id, '--yes', '--json'])).stdout);
    const r = await cli(['chat', '--link', published.shareUrl], {
      input: 'hi\nbye\n',
      env: { WFCHAT_TOKEN: '', WFCHAT_API_URL: '' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('You said: "hi".');
    expect(r.stdout).toContain('You said: "bye".');

    expect((await cli(['workflow', 'rotate-token', w.id, '--yes'])).code).toBe(0);
    const old = await cli(['chat', '--link', published.shareUrl], { input: 'hi\n', env: { WFCHAT_TOKEN: '' } });
    expect(old.code).toBe(4);
    expect(old.stderr).toContain('publish.invalid_token');
    expect(old.stderr).toContain('ask the owner');
  });

  it('without an id or link is a usage error; an unknown id is exit 3', async () => {
    expect((await cli(['chat'])).code).toBe(2);
    expect((await cli(['chat', '--link', 'https://example.com/nope'])).code).toBe(2);
    const missing = await cli(['chat', 'wf_missing'], { input: 'hi\n' });
    expect(missing.code).toBe(3);
  });
});
