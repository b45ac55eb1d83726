import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess } from '../src/dev/api-process.js';
import { WorkflowAccessCache } from '../src/modules/chat-access/workflow-access.cache.js';
import type { WorkflowAccess, WorkflowAccessRepository } from '../src/modules/chat-access/workflow-access.repository.js';
import { createRedis } from '../src/redis/redis.js';
import { startLlmStub, stubEchoReply, type LlmStub } from '../src/dev/llm-stub.js';
import { chatkitClient, input, llmDefinition, templateDefinition } from './support/chatkit.js';
import { client } from './support/http.js';
import type { SseEvent } from './support/sse.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';
import {
  startThrowawayPostgres,
  startThrowawayRedis,
  waitFor,
  type ThrowawayPostgres,
  type ThrowawayRedis,
} from './support/throwaway-services.js';

/**
 * Outage drills: PostgreSQL and Redis of the test's own are stopped and
 * started again under a running API. Outages only exist with those servers;
 * on the embedded backend the error mapping is covered by unit tests
 * (error.filter.spec.ts, chatkit.turn.spec.ts).
 */
const enabled = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

/** Time the API may take to answer normally again once a service is back. */
const RECOVERY_MS = 5_000;

/** A streaming call read event by event while the test does other things. */
function openStream(res: Response) {
  const events: SseEvent[] = [];
  let waiters: (() => void)[] = [];
  /** Resolves when the body ends, or is cut (the server died): `true` when cut. */
  const ended = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const chunk = await reader.read().catch(() => null);
      if (!chunk) return true;
      const { value, done } = chunk;
      if (done) return false;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        events.push(JSON.parse(buffer.slice('data: '.length, end)) as SseEvent);
        buffer = buffer.slice(end + 2);
      }
      waiters.forEach((w) => w());
      waiters = [];
    }
  })();
  const text = () =>
    events
      .filter((e) => e.type === 'thread.item.updated' && e.update.type === 'assistant_message.content_part.text_delta')
      .map((e) => e.update.delta as string)
      .join('');
  async function until(what: string, condition: () => boolean) {
    let over = false;
    void ended.then(() => (over = true));
    while (!condition()) {
      if (over) throw new Error(`stream ended before ${what}: ${JSON.stringify(events.map((e) => e.type))}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        void ended.then(() => r());
      });
    }
  }
  return { events, text, until, ended };
}

const assistantDone = (e: SseEvent) => e.type === 'thread.item.done' && e.item.type === 'assistant_message';
/** A prompt whose echo streams one word per `slowDelayMs`. */
const longPrompt = (words: number) =>
  `[[stub:slow]] ${Array.from({ length: words }, (_, i) => `word${i}`).join(' ')}`;

describe.runIf(enabled)('outages of PostgreSQL and Redis under one API instance', () => {
  let pgServer: ThrowawayPostgres;
  let redisServer: ThrowawayRedis;
  let stub: LlmStub;
  let database: TestDatabase;
  let t: TestApp;
  let ck: ReturnType<typeof chatkitClient>;
  let cookie: string;

  beforeAll(async () => {
    [pgServer, redisServer, stub] = await Promise.all([
      startThrowawayPostgres(),
      startThrowawayRedis(),
      startLlmStub({ slowDelayMs: 100 }),
    ]);
    database = await createTestDatabase(pgServer.url);
    t = await startTestApp({ database, env: { REDIS_URL: redisServer.url, LLM_BASE_URL: stub.url } });
    ck = chatkitClient(t.baseUrl);
    ({ cookie } = await ck.owner());
  });

  afterAll(async () => {
    redisServer?.resume();
    await t?.app.close();
    await database?.drop().catch(() => undefined);
    await Promise.all([pgServer?.destroy(), redisServer?.destroy(), stub?.close()]);
  });

  it('PostgreSQL stopped: 503 with Retry-After (never 500), nothing acknowledged lost, normal again within 5 s', async () => {
    const wf = await ck.workflow(cookie, templateDefinition);
    const canvas = await ck.canvasToken(cookie, wf);
    const api = client(t.baseUrl);

    // Visitors keep chatting through the whole drill.
    const acknowledged: string[] = [];
    const statuses = new Set<number>();
    let chatting = true;
    const chatter = (async () => {
      for (let n = 0; chatting; n += 1) {
        const text = `drill message ${n}`;
        const res = await ck.call(canvas, 'threads.create', { input: input(text) }).catch(() => null);
        if (!res) continue;
        statuses.add(res.status);
        if (res.status === 200 && res.events.some((e) => e.type === 'thread.item.done')) acknowledged.push(text);
        if (res.status === 503) await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await waitFor('a first acknowledged message', async () => acknowledged.length > 0);

    await pgServer.stop();
    const owner = await api.get('/workflows', { cookie });
    const chat = await ck.call(canvas, 'threads.list', {});
    for (const res of [owner, chat]) {
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('service.unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }

    await pgServer.start();
    await waitFor('the owner API', async () => (await api.get('/workflows', { cookie })).status === 200, RECOVERY_MS);
    const before = acknowledged.length;
    await waitFor('a chat message after recovery', async () => acknowledged.length > before, RECOVERY_MS);
    chatting = false;
    await chatter;

    expect([...statuses].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    const threads = await ck.call(canvas, 'threads.list', { limit: 100 });
    const titles = new Set(threads.body.data.map((th: { title: string }) => th.title));
    expect(acknowledged.filter((text) => !titles.has(text))).toEqual([]);
  });

  it('the final save of an answer is retried: PostgreSQL down when the answer ends, the visitor still gets it kept', async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const canvas = await ck.canvasToken(cookie, wf);
    const prompt = longPrompt(20);
    const stream = openStream(await ck.fetchChatkit(canvas, { type: 'threads.create', params: { input: input(prompt) } }));
    await stream.until('the first delta', () => stream.text().length > 0);
    await pgServer.stop();
    // Every delta reached the visitor while the database was down.
    await stream.until('the whole answer', () => stream.text() === stubEchoReply(prompt));
    expect(stream.events.some(assistantDone)).toBe(false);

    await pgServer.start();
    await stream.ended;
    const done = stream.events.find(assistantDone);
    expect(done?.item.content[0].text).toBe(stubEchoReply(prompt));
    expect(stream.events.some((e) => e.type === 'error')).toBe(false);
    const threadId = stream.events[0]!.thread.id;
    const items = await ck.call(canvas, 'items.list', { thread_id: threadId, order: 'asc' });
    expect(items.body.data.map((i: any) => i.content[0].text)).toEqual([prompt, stubEchoReply(prompt)]);
  });

  it('Redis frozen (connections open, no answers): 503 instead of a request that hangs', async () => {
    const wf = await ck.workflow(cookie, templateDefinition);
    const canvas = await ck.canvasToken(cookie, wf);
    redisServer.pause();
    try {
      const chat = await ck.call(canvas, 'threads.list', {});
      expect(chat.status).toBe(503);
      expect(chat.body.code).toBe('service.unavailable');
      expect(Number(chat.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      redisServer.resume();
    }
    await waitFor('chat after Redis answers again', async () => (await ck.call(canvas, 'threads.list', {})).status === 200, RECOVERY_MS);
  });

  it('Redis stopped: publish changes are saved, audited and answered; chat answers 503 fast; normal again within 5 s', async () => {
    const api = client(t.baseUrl);
    const wf = await ck.workflow(cookie, templateDefinition);
    const first = await ck.publish(cookie, wf);
    const visitor = await ck.visitorToken(wf, first);

    await redisServer.stop();
    const rotated = await api.post(`/workflows/${wf}/publish/rotate`, {}, { cookie });
    expect(rotated.status).toBe(200);
    const token = rotated.body.publishToken as string;
    expect(token).toMatch(/^wfp_/);
    const audit = await api.get(`/workflows/${wf}/audit`, { cookie });
    expect(audit.status).toBe(200);
    expect(audit.body.data[0].action).toBe('rotate');
    expect(audit.body.data[0].tokenHint).toContain(token.slice(-4));

    const chat = await ck.call(visitor, 'threads.list', {});
    expect(chat.status).toBe(503);
    expect(chat.body.code).toBe('service.unavailable');
    expect(Number(chat.headers.get('retry-after'))).toBeGreaterThan(0);

    const revoked = await api.post(`/workflows/${wf}/publish/revoke`, {}, { cookie });
    expect(revoked.status).toBe(200);
    const republished = await api.post(`/workflows/${wf}/publish`, {}, { cookie });
    expect(republished.status).toBe(201);
    const actions = (await api.get(`/workflows/${wf}/audit`, { cookie })).body.data.map((e: any) => e.action);
    expect(actions.slice(0, 4)).toEqual(['publish', 'revoke', 'rotate', 'publish']);

    await redisServer.start();
    const latest = republished.body.publishToken as string;
    const session = () => api.post(`/public/workflows/${wf}/session`, { publishToken: latest });
    await waitFor('a visitor session with the newest link', async () => (await session()).status === 200, RECOVERY_MS);
    const old = await api.post(`/public/workflows/${wf}/session`, { publishToken: token });
    expect(old.status).toBeGreaterThanOrEqual(400);
    expect(old.status).toBeLessThan(500);
  });
});

describe.runIf(enabled)('a crashed instance keeps the answer it was streaming', () => {
  let pgServer: ThrowawayPostgres;
  let stub: LlmStub;
  let database: TestDatabase;

  beforeAll(async () => {
    [pgServer, stub] = await Promise.all([startThrowawayPostgres(), startLlmStub({ slowDelayMs: 100 })]);
    database = await createTestDatabase(pgServer.url);
  });

  afterAll(async () => {
    await database?.drop().catch(() => undefined);
    await Promise.all([pgServer?.destroy(), stub?.close()]);
  });

  it('kill -9 mid-stream: after a restart the thread holds the text already sent, and the message can be sent again', async () => {
    const env = {
      DATABASE_URL: database.url!,
      CHAT_JWT_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-crash-')),
      SEED_DEMO: 'false',
      LLM_BASE_URL: stub.url,
      CHATKIT_PARTIAL_SAVE_MS: '300',
      // Sign-ups from 127.0.0.1 by other processes this hour share the counter in Redis.
      RATE_LIMIT_SIGNUP_PER_HOUR: '100000',
    };
    const first = await startApiProcess(env);
    const ck = chatkitClient(first.baseUrl);
    const { cookie } = await ck.owner();
    const wf = await ck.workflow(cookie, llmDefinition);
    const canvas = await ck.canvasToken(cookie, wf);
    const prompt = longPrompt(60);
    const stream = openStream(await ck.fetchChatkit(canvas, { type: 'threads.create', params: { input: input(prompt) } }));
    await stream.until('the first delta', () => stream.text().length > 0);

    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const saved = async () => {
      const { rows } = await sql.query(
        `SELECT "data"->'content'->0->>'text' AS text FROM "ChatItem" WHERE "type" = 'assistant_message'`,
      );
      return (rows[0]?.text as string | undefined) ?? '';
    };
    await waitFor('a partial answer in the database', async () => (await saved()).length > 0);
    await first.kill();
    expect(await stream.ended).toBe(true);
    const seen = stream.text();
    expect(seen.length).toBeLessThan(stubEchoReply(prompt).length);
    await sql.end();

    const second = await startApiProcess({ ...env, PORT: new URL(first.baseUrl).port });
    try {
      const threadId = stream.events[0]!.thread.id;
      const items = await ck.call(canvas, 'items.list', { thread_id: threadId, order: 'asc' });
      expect(items.status).toBe(200);
      const [user, partial] = items.body.data;
      expect(user.content[0].text).toBe(prompt);
      expect(partial.type).toBe('assistant_message');
      const kept = partial.content[0].text as string;
      expect(kept.length).toBeGreaterThan(0);
      // Never more than the visitor read, and exactly the start of it.
      expect(seen.startsWith(kept)).toBe(true);

      // The visitor sends the unanswered message again: accepted (the stream opens).
      const resend = await ck.fetchChatkit(canvas, {
        type: 'threads.add_user_message',
        params: { thread_id: threadId, input: input(prompt) },
      });
      expect(resend.status).toBe(200);
      await resend.body?.cancel();
    } finally {
      await second.stop();
    }
  }, 120_000);
});

describe.runIf(enabled)('the access cache after its Redis subscription comes back', () => {
  let redisServer: ThrowawayRedis;
  let redis: Redis;
  let cache: WorkflowAccessCache;

  beforeAll(async () => {
    redisServer = await startThrowawayRedis();
    redis = createRedis(redisServer.url);
  });

  afterAll(async () => {
    await cache?.onModuleDestroy();
    redis?.disconnect();
    await redisServer?.destroy();
  });

  it('does not keep a value read before a change whose invalidation it missed', async () => {
    const generations = [1];
    let release: (() => void) | null = null;
    const repository = {
      async find(): Promise<WorkflowAccess> {
        const publishGeneration = generations.at(-1)!;
        // The first read is held until the test lets it finish.
        if (!release) await new Promise<void>((r) => (release = r));
        return {
          isPublic: true,
          publishGeneration,
          requireLogin: false,
          publishedVersion: 1,
          latestVersion: 1,
          links: {},
          limits: { messagesPerDay: null, llmTokensPerDay: null },
        };
      },
    } as unknown as WorkflowAccessRepository;
    cache = new WorkflowAccessCache(repository, redis);
    await cache.onModuleInit();
    const live = () => (cache as unknown as { live: boolean }).live;
    await waitFor('the subscription', async () => live());

    // A read starts (and reads generation 1)...
    const slowRead = cache.get('wf_1');
    await waitFor('the held read', async () => release !== null);
    // ...Redis goes away; meanwhile the link is rotated and its invalidation is lost...
    await redisServer.stop();
    await waitFor('the subscription to drop', async () => !live());
    generations.push(2);
    await redisServer.start();
    await waitFor('the subscription to come back', async () => live());
    // ...and the old read finishes only now.
    release!();
    expect((await slowRead)?.publishGeneration).toBe(1);

    expect((await cache.get('wf_1'))?.publishGeneration).toBe(2);
  });
});
