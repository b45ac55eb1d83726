import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from '../src/dev/api-process.js';
import { freshDatabase, type FreshDatabase } from '../src/dev/fresh-database.js';
import { openDatabase } from '../src/database/database.js';
import { startLlmStub, type LlmStub } from '../src/dev/llm-stub.js';
import { chatkitClient, eventually, input, llmDefinition } from './support/chatkit.js';
import { readSse, type SseEvent } from './support/sse.js';

/**
 * SIGTERM on the real built process, as systemd, Docker or a rolling restart
 * sends it: the instance fails readiness, refuses new work with a 503 the
 * balancer and the client retry elsewhere, lets running streams finish (at
 * most DRAIN_TIMEOUT_SECONDS), then exits 0.
 */
describe('graceful drain on SIGTERM', () => {
  let llm: LlmStub;
  let database: FreshDatabase;
  const running: ApiProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const api = await startApiProcess(
      {
        ...database.env,
        LLM_BASE_URL: llm.url,
        SEED_DEMO: 'false',
        RATE_LIMIT_IP_PER_MIN: '100000',
        RATE_LIMIT_SIGNUP_PER_HOUR: '100000',
        ...env,
        // A first start on the embedded database (initdb, migrations) is slow on a busy machine.
      },
      150_000,
    );
    running.push(api);
    return api;
  };

  /** Starts a chat turn and hands back its events once the first text delta arrived, and the rest when it ends. */
  const startTurn = async (api: ApiProcess, token: string, text: string) => {
    const res = await chatkitClient(api.baseUrl).fetchChatkit(token, {
      type: 'threads.create',
      params: { input: input(text) },
    });
    expect(res.status).toBe(200);
    let firstDelta!: () => void;
    const streaming = new Promise<void>((resolve) => (firstDelta = resolve));
    const ended = readSse(res, (event) => {
      if (event.type === 'thread.item.updated' && event.update.type.endsWith('text_delta')) firstDelta();
      return false;
    }).catch((error: Error) => ({ cut: error }));
    await streaming;
    // Wrapped, or awaiting this function would wait for the whole stream.
    return { ended };
  };

  const owner = async (api: ApiProcess) => {
    const chat = chatkitClient(api.baseUrl);
    const { cookie } = await chat.owner();
    const workflowId = await chat.workflow(cookie, llmDefinition);
    return { token: await chat.canvasToken(cookie, workflowId) };
  };

  beforeAll(async () => {
    llm = await startLlmStub({ slowDelayMs: 150 });
    database = await freshDatabase('drain');
  });

  afterAll(async () => {
    await Promise.all(running.map((api) => api.stop()));
    await database?.drop();
    await llm?.close();
  });

  it('fails readiness and refuses new work at once, finishes the running answer, then exits 0', async () => {
    const api = await start({ DRAIN_TIMEOUT_SECONDS: '60' });
    const { token } = await owner(api);
    const chat = chatkitClient(api.baseUrl);
    // About 6 s of answer: long enough for the checks below to run while it streams, even on a busy machine.
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const { ended } = await startTurn(api, token, `[[stub:slow]] ${words}`);

    process.kill(api.pid, 'SIGTERM');

    // The balancer's health check sees the instance leave...
    await eventually(async () => (await fetch(`${api.baseUrl}/api/readyz`)).status === 503);
    const ready = await fetch(`${api.baseUrl}/api/readyz`);
    expect(ready.status).toBe(503);
    // No connection stays pooled to an instance that is going away.
    expect(ready.headers.get('connection')).toBe('close');
    expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { accepting: 'down' } });
    // ...while liveness stays up, so nobody kills the process mid-drain.
    expect((await fetch(`${api.baseUrl}/api/healthz`)).status).toBe(200);
    // New work is refused with what a client retries: 503 and Retry-After.
    const refused = await chat.call(token, 'threads.list');
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('service.unavailable');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // The answer that was streaming when the signal came ends normally.
    const events = (await ended) as SseEvent[];
    const done = events.filter((e) => e.type === 'thread.item.done').map((e) => e.item);
    expect(done.at(-1)).toMatchObject({ type: 'assistant_message', content: [{ text: `Echo: ${words}` }] });
    expect(await api.exited).toBe(0);

    // And it was saved: the database holds the whole answer.
    const threadId = events.find((e) => e.type === 'thread.created')!.thread.id;
    const db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: database.env.DATA_DIR });
    try {
      const items = await db.sql.query<{ type: string; data: { content?: { text: string }[] } }>(
        'SELECT "type", "data" FROM "ChatItem" WHERE "threadId" = $1 ORDER BY "seq"',
        [threadId],
      );
      expect(items.map((i) => i.type)).toEqual(['user_message', 'assistant_message']);
      expect(items[1]!.data.content?.[0]?.text).toBe(`Echo: ${words}`);
    } finally {
      await db.close();
    }
  }, 300_000);

  it('cuts a stream that outlasts DRAIN_TIMEOUT_SECONDS and exits anyway', async () => {
    const api = await start({ DRAIN_TIMEOUT_SECONDS: '1' });
    const { token } = await owner(api);
    // The stub sends one chunk and then nothing: without the bound, the turn would hold the process for a minute.
    const { ended } = await startTurn(api, token, '[[stub:hang]] wait');

    process.kill(api.pid, 'SIGTERM');

    expect(await api.exited).toBe(0);
    const outcome = await ended;
    // The stream did not end with the answer's done: it was cut.
    const events = Array.isArray(outcome) ? outcome : [];
    expect(events.some((e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message')).toBe(false);
  }, 300_000);
});
