/**
 * What only happens on a terminal (prompts, colours), driven in-process through
 * `main()` with streams that say they are TTYs, against the real API.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';
import { createAccount, createWorkflow, startApi, type Account, type RunningApi } from './support/api-server.js';
import { tempHome } from './support/cli.js';

let api: RunningApi;
let owner: Account;
let home: ReturnType<typeof tempHome>;

beforeAll(async () => {
  api = await startApi();
  owner = await createAccount(api.baseUrl, 'tty');
  home = tempHome();
});

afterAll(async () => {
  await api?.stop();
  home?.cleanup();
});

function sink(isTTY: boolean) {
  let text = '';
  return {
    isTTY,
    write: (s: string) => ((text += s), true),
    get text() {
      return text;
    },
  };
}

/** Terminal streams (a TTY stdin the test types into) and the owner's environment. */
function terminal(env: Record<string, string> = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = sink(true);
  const stderr = sink(true);
  const io: Io = {
    stdin,
    stdout,
    stderr,
    env: {
      HOME: home.home,
      WFCHAT_CONFIG_DIR: home.configDir,
      WFCHAT_API_URL: api.baseUrl,
      WFCHAT_TOKEN: owner.token,
      ...env,
    },
  };
  return { stdin, stdout, stderr, io };
}

/** Runs the CLI in-process with terminal streams; `answers` are typed one line at a time. */
async function run(args: string[], answers: string[] = [], env: Record<string, string> = {}) {
  const { stdin, stdout, stderr, io } = terminal(env);
  // Answer each prompt as soon as it appears, the way a person would.
  // (Readline adds cursor codes after a prompt, so count prompts rather than look at the end.)
  let answered = 0;
  const timer = setInterval(() => {
    const prompts = stderr.text.match(/\[y\/N\] |\]: |\): /g)?.length ?? 0;
    if (answered < prompts && answered < answers.length) stdin.write(`${answers[answered++]}\n`);
  }, 10);
  try {
    const code = await main(args, io);
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    clearInterval(timer);
  }
}

const ANSI = /\u001b\[\d+m/;

describe('on a terminal', () => {
  it('publish asks first; "n" aborts with exit 1 and publishes nothing', async () => {
    const w = await createWorkflow(api.baseUrl, owner.token, 'Prompted bot');
    const r = await run(['workflow', 'publish', w.id], ['n']);
    expect(r.stderr).toContain(
      'Publish "Prompted bot"? Anyone with the share link will be able to chat with it. [y/N]',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('aborted; nothing was changed');
    const shown = await run(['workflow', 'show', w.id, '--json']);
    expect(JSON.parse(shown.stdout).publish.isPublic).toBe(false);
  });

  it('publish asks first; "y" publishes, shows progress on stderr and prints the token once', async () => {
    const w = await createWorkflow(api.baseUrl, owner.token, 'Confirmed bot');
    const r = await run(['workflow', 'publish', w.id], ['y']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Publishing…');
    expect(r.stdout).toMatch(/Publish token:.*wfp_/);
    expect(r.stdout).toContain('it will not be shown again');
  });

  it('unpublish of a workflow that is not published fails before prompting (exit 5)', async () => {
    const w = await createWorkflow(api.baseUrl, owner.token, 'Private bot');
    const r = await run(['workflow', 'unpublish', w.id], ['y']);
    expect(r.code).toBe(5);
    expect(r.stderr).not.toContain('[y/N]');
    expect(r.stderr).toContain(`wfchat workflow publish ${w.id}`);
  });

  it('uses colours on a terminal, and none when NO_COLOR is set', async () => {
    expect((await run(['workflow', 'list'])).stdout).toMatch(ANSI);
    expect((await run(['workflow', 'list'], [], { NO_COLOR: '1' })).stdout).not.toMatch(ANSI);
  });

  it('login asks for the URL and the token, without echoing the token', async () => {
    const r = await run(['login'], [api.baseUrl, owner.token], { WFCHAT_API_URL: '', WFCHAT_TOKEN: '' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('API URL [http://localhost:3000]:');
    expect(r.stderr).toContain('API token');
    expect(r.stdout + r.stderr).not.toContain(owner.token);
    expect(r.stdout.replace(/\u001b\[\d+m/g, '')).toContain(`as ${owner.email}`);
  });

  it('chat shows the name and greeting, prompts "> ", streams the answer, and quits at Ctrl-D', async () => {
    const w = await createWorkflow(api.baseUrl, owner.token, 'Terminal bot');
    const { stdin, stdout, stderr, io } = terminal();
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setImmediate(r));
    };
    const done = main(['chat', w.id], io);
    await until(() => stderr.text.includes('> '));
    expect(stderr.text).toContain('Terminal bot');
    expect(stdout.text).toContain('Hi! This workflow is new.');
    stdin.write('hello\n');
    await until(() => stdout.text.includes('You said: "hello"'));
    await until(() => (stderr.text.match(/> /g)?.length ?? 0) >= 2);
    stdin.end();
    expect(await done).toBe(0);
  });
});
