import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAccount,
  createWorkflow,
  freePort,
  revokeToken,
  startApi,
  type Account,
  type RunningApi,
} from './support/api-server.js';
import { runCli, tempHome } from './support/cli.js';

let api: RunningApi;
let owner: Account;
let home: ReturnType<typeof tempHome>;
let support: { id: string; name: string };
let sales: { id: string; name: string };
let draft: { id: string; name: string };

/** The CLI with the temp config dir and nothing else configured. */
const cli = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) =>
  runCli(args, { ...opts, env: { HOME: home.home, WFCHAT_CONFIG_DIR: home.configDir, ...opts.env } });

const ANSI = /\u001b\[/;

beforeAll(async () => {
  api = await startApi();
  owner = await createAccount(api.baseUrl, 'owner');
  support = await createWorkflow(api.baseUrl, owner.token, 'Support bot');
  sales = await createWorkflow(api.baseUrl, owner.token, 'Sales bot');
  draft = await createWorkflow(api.baseUrl, owner.token, 'Draft bot');
  home = tempHome();
});

afterAll(async () => {
  await api?.stop();
  home?.cleanup();
});

describe('wfchat CLI against the real API', () => {
  it('refuses to work before login, with a hint to log in (exit 4)', async () => {
    const r = await cli(['workflow', 'list']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('cli.not_logged_in');
    expect(r.stderr).toContain('wfchat login');
  });

  it('login without a terminal and without a token exits 2 with a hint', async () => {
    const r = await cli(['login', '--api-url', api.baseUrl]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token-stdin');
    expect(fs.existsSync(path.join(home.configDir, 'config.json'))).toBe(false);
  });

  it('login rejects a bad token (exit 4) and stores nothing', async () => {
    const r = await cli(['login', '--api-url', api.baseUrl, '--token-stdin'], { input: 'wfa_not-a-real-token\n' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('auth.invalid_token');
    expect(r.stderr).toContain('wfchat login');
    expect(fs.existsSync(path.join(home.configDir, 'config.json'))).toBe(false);
  });

  it('login verifies the token and stores URL and token with mode 0600 in a 0700 dir, never printing the token', async () => {
    const r = await cli(['login', '--api-url', `${api.baseUrl}/api/`, '--token-stdin'], { input: `${owner.token}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Logged in to ${api.baseUrl} as ${owner.email}`);
    expect(r.stdout + r.stderr).not.toContain(owner.token);
    const file = path.join(home.configDir, 'config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(home.configDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ apiUrl: api.baseUrl, token: owner.token });
  });

  it('login --json prints the /auth/me payload', async () => {
    const r = await cli(['login', '--json'], { env: { WFCHAT_API_URL: api.baseUrl, WFCHAT_TOKEN: owner.token } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ user: { email: owner.email } });
  });

  it('workflow list: a table for humans (no colours without a TTY), the API payload with --json', async () => {
    const human = await cli(['workflow', 'list']);
    expect(human.code).toBe(0);
    const [header, ...rows] = human.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+STATUS\s+VERSION\s+UPDATED$/);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.startsWith(support.id))).toMatch(/Support bot\s+private\s+v1/);
    expect(human.stdout).not.toMatch(ANSI);

    const json = await cli(['workflow', 'list', '--json']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.data.map((w: { id: string }) => w.id).sort()).toEqual([support.id, sales.id, draft.id].sort());
    expect(body.data[0].publish).toMatchObject({ isPublic: false });
  });

  it('workflow show: details for humans and the workflow as the API returns it with --json', async () => {
    const human = await cli(['workflow', 'show', support.id]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ID:\s+/);
    expect(human.stdout).toContain(support.id);
    expect(human.stdout).toMatch(/Name:\s+Support bot/);
    expect(human.stdout).toMatch(/Status:\s+private/);

    const json = await cli(['workflow', 'show', support.id, '--json']);
    const w = JSON.parse(json.stdout);
    expect(w).toMatchObject({ id: support.id, name: 'Support bot', latestVersion: 1, publish: { isPublic: false } });
  });

  it('an unknown id exits 3 with a hint; --json puts {code, message, hint} on stderr', async () => {
    const human = await cli(['workflow', 'show', 'does-not-exist']);
    expect(human.code).toBe(3);
    expect(human.stderr).toContain('workflow.not_found');
    expect(human.stderr).toContain('wfchat workflow list');

    const json = await cli(['workflow', 'show', 'does-not-exist', '--json']);
    expect(json.code).toBe(3);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toMatchObject({
      code: 'workflow.not_found',
      message: expect.any(String),
      hint: expect.any(String),
    });
  });

  it("another user's workflow is not found either (exit 3)", async () => {
    const other = await createAccount(api.baseUrl, 'other');
    const r = await cli(['workflow', 'show', support.id], { env: { WFCHAT_TOKEN: other.token } });
    expect(r.code).toBe(3);
  });

  it('publish without --yes and without a terminal refuses to prompt (exit 2) and changes nothing', async () => {
    const r = await cli(['workflow', 'publish', support.id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('re-run with --yes');
    const w = JSON.parse((await cli(['workflow', 'show', support.id, '--json'])).stdout);
    expect(w.publish.isPublic).toBe(false);
  });

  let supportToken = '';

  it('publish --yes prints the share URL and token once, with the warning', async () => {
    const r = await cli(['workflow', 'publish', support.id, '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Published "Support bot" (version 1; anyone with the link can chat)');
    const url = r.stdout.match(/Share URL:\s+(\S+)/)?.[1];
    supportToken = r.stdout.match(/Publish token:\s+(wfp_\S+)/)?.[1] ?? '';
    expect(supportToken).toMatch(/^wfp_[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${api.baseUrl}/chat/${support.id}#t=${supportToken}`);
    expect(r.stdout).toContain('Store it now; it will not be shown again');
  });

  it('show and list never print the publish token after publishing', async () => {
    for (const args of [
      ['workflow', 'show', support.id],
      ['workflow', 'show', support.id, '--json'],
      ['workflow', 'list'],
      ['workflow', 'list', '--json'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(supportToken);
    }
    const human = await cli(['workflow', 'show', support.id]);
    expect(human.stdout).toMatch(/Status:\s+published/);
    expect(human.stdout).toContain(supportToken.slice(-4));
    expect(human.stdout).toContain(`/chat/${support.id}`);
  });

  it('publishing again is a conflict (exit 5) with a rotate-token hint', async () => {
    const r = await cli(['workflow', 'publish', support.id, '--yes']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('publish.already_published');
    expect(r.stderr).toContain(`wfchat workflow rotate-token ${support.id}`);
  });

  it('publish --json --require-login --version 1 returns the API payload and warns on stderr', async () => {
    const r = await cli(['workflow', 'publish', sales.id, '--require-login', '--version', '1', '--yes', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.workflow).toMatchObject({
      id: sales.id,
      publish: { isPublic: true, requireLogin: true, publishedVersion: 1 },
    });
    expect(body.publishToken).toMatch(/^wfp_/);
    expect(body.shareUrl).toBe(`${api.baseUrl}/chat/${sales.id}#t=${body.publishToken}`);
    expect(r.stderr).toContain('it will not be shown again');
  });

  it('publish of a version that does not exist exits 3; a bad --version exits 2', async () => {
    const missing = await cli(['workflow', 'publish', draft.id, '--version', '99', '--yes']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('workflow.version_not_found');
    const bad = await cli(['workflow', 'publish', draft.id, '--version', 'two', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--version must be a positive integer');
  });

  it('set-require-login on/off changes the publish state; anything else is a usage error', async () => {
    const on = await cli(['workflow', 'set-require-login', support.id, 'on']);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('Visitors of "Support bot" must now sign in');
    expect(JSON.parse((await cli(['workflow', 'show', support.id, '--json'])).stdout).publish.requireLogin).toBe(true);

    const off = await cli(['workflow', 'set-require-login', support.id, 'off', '--json']);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ workflow: { id: support.id, publish: { requireLogin: false } } });

    const bad = await cli(['workflow', 'set-require-login', support.id, 'maybe']);
    expect(bad.code).toBe(2);

    const unpublished = await cli(['workflow', 'set-require-login', draft.id, 'on']);
    expect(unpublished.code).toBe(5);
    expect(unpublished.stderr).toContain(`wfchat workflow publish ${draft.id}`);
  });

  it('rotate-token needs --yes without a terminal, then replaces the token: the old one stops working', async () => {
    const refused = await cli(['workflow', 'rotate-token', support.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('re-run with --yes');

    const r = await cli(['workflow', 'rotate-token', support.id, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Rotated the publish token of "Support bot"');
    expect(r.stdout).toContain('Store it now; it will not be shown again');
    const newToken = r.stdout.match(/Publish token:\s+(wfp_\S+)/)?.[1];
    expect(newToken).toMatch(/^wfp_/);
    expect(newToken).not.toBe(supportToken);

    const session = (publishToken: string) =>
      fetch(`${api.baseUrl}/api/public/workflows/${support.id}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: api.baseUrl },
        body: JSON.stringify({ publishToken }),
      });
    expect((await session(supportToken)).status).toBe(401);
    expect((await session(newToken!)).status).toBe(200);

    const json = await cli(['workflow', 'rotate-token', support.id, '--yes', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      workflow: { id: support.id },
      publishToken: expect.stringMatching(/^wfp_/),
    });
  });

  it('audit lists publish, require-login and rotate events', async () => {
    const human = await cli(['workflow', 'audit', support.id]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^TIME\s+ACTION\s+ACTOR\s+TOKEN\s+DETAILS/);
    for (const action of ['publish', 'require_login.on', 'require_login.off', 'rotate'])
      expect(human.stdout).toContain(action);
    expect(human.stdout).toContain(owner.email);

    const json = await cli(['workflow', 'audit', support.id, '--json']);
    const actions = JSON.parse(json.stdout).data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['publish', 'rotate', 'require_login.on', 'require_login.off']));

    const empty = await cli(['workflow', 'audit', draft.id]);
    expect(empty.stdout).toContain('No publishing events yet');
  });

  it('unpublish needs --yes without a terminal; then the workflow is private; again is exit 5 with a publish hint', async () => {
    expect((await cli(['workflow', 'unpublish', support.id])).code).toBe(2);

    const r = await cli(['workflow', 'unpublish', support.id, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Unpublished "Support bot"');
    expect(JSON.parse((await cli(['workflow', 'show', support.id, '--json'])).stdout).publish.isPublic).toBe(false);

    const again = await cli(['workflow', 'unpublish', support.id, '--yes']);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('publish.not_published');
    expect(again.stderr).toContain(`wfchat workflow publish ${support.id}`);

    const rotate = await cli(['workflow', 'rotate-token', support.id, '--yes', '--json']);
    expect(rotate.code).toBe(5);
    expect(JSON.parse(rotate.stderr)).toMatchObject({ code: 'publish.not_published' });

    const json = await cli(['workflow', 'unpublish', sales.id, '--yes', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ workflow: { id: sales.id, publish: { isPublic: false } } });
  });

  it('flags win over the environment, which wins over the stored config', async () => {
    const envWins = await cli(['workflow', 'list'], { env: { WFCHAT_TOKEN: 'wfa_bogus' } });
    expect(envWins.code).toBe(4);
    const flagWins = await cli(['workflow', 'list', '--token', owner.token], { env: { WFCHAT_TOKEN: 'wfa_bogus' } });
    expect(flagWins.code).toBe(0);
  });

  it('a revoked token exits 4 with a login hint', async () => {
    const temp = await createAccount(api.baseUrl, 'revoked');
    expect((await cli(['workflow', 'list', '--token', temp.token])).code).toBe(0);
    await revokeToken(api.baseUrl, temp);
    const r = await cli(['workflow', 'list', '--token', temp.token]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('auth.invalid_token');
    expect(r.stderr).toContain('wfchat login');
  });

  it('a server that is down exits 6 with a hint about --api-url', async () => {
    const port = await freePort();
    const r = await cli(['workflow', 'list', '--api-url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('network.unreachable');
    expect(r.stderr).toContain('--api-url');
  });

  it('a 429 exits 7 and says how long to wait (Retry-After)', async () => {
    // The owner endpoints are not rate-limited by the API, so a stand-in answers 429 the way it does.
    const stub = http.createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '42' });
      res.end(JSON.stringify({ code: 'rate_limited', message: 'Too many requests.' }));
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    try {
      const { port } = stub.address() as { port: number };
      const r = await cli(['workflow', 'list', '--api-url', `http://127.0.0.1:${port}`]);
      expect(r.code).toBe(7);
      expect(r.stderr).toContain('rate_limited');
      expect(r.stderr).toContain('wait 42 s');
    } finally {
      stub.close();
    }
  });

  it('usage errors exit 2: unknown command, unknown flag, missing id', async () => {
    expect((await cli(['workflow', 'frobnicate'])).code).toBe(2);
    expect((await cli(['workflow', 'show', support.id, '--yes'])).code).toBe(2);
    const missing = await cli(['workflow', 'show']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: wfchat workflow show <id>');
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('wfchat workflow set-require-login <id> on|off');
  });

  it('logout removes the stored config; afterwards commands ask to log in', async () => {
    const r = await cli(['logout']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(home.configDir, 'config.json'))).toBe(false);
    const after = await cli(['workflow', 'list']);
    expect(after.code).toBe(4);
    expect(after.stderr).toContain('wfchat login');
  });
});
