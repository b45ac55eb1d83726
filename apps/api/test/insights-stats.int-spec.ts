import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, stubEchoReply, stubTokens, stubUsage, type LlmStub } from '../src/dev/llm-stub.js';
import { chatkitClient, input, llmDefinition, type ChatReply } from './support/chatkit.js';
import { signUp } from './support/http.js';
import { insertThread, insertTurnStat } from './support/insights.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Per-day analytics against fixtures with known answers, and one real measured turn. */

let stub: LlmStub;
let t: TestApp;
let ck: ReturnType<typeof chatkitClient>;
let cookie: string;

const at = (d: number, h: number) => new Date(Date.UTC(2026, 2, d, h)).toISOString();
const zero = (date: string) => ({
  date,
  conversations: 0,
  messages: 0,
  visitors: 0,
  positive: 0,
  negative: 0,
  errors: 0,
  ttftP50Ms: null,
  ttftP95Ms: null,
  llmTokensIn: 0,
  llmTokensOut: 0,
});

/** Today, as the stats of a workflow with one visitor who sent one measured message. */
const oneMeasuredTurn = (today: string) => ({
  ...zero(today),
  conversations: 1,
  messages: 1,
  visitors: 1,
  ttftP50Ms: expect.any(Number),
  ttftP95Ms: expect.any(Number),
});

async function statsToday(workflowId: string) {
  const today = new Date().toISOString().slice(0, 10);
  const stats = await ck.api.get(`/workflows/${workflowId}/stats?from=${today}&to=${today}`, { cookie });
  return { today, days: stats.body.days };
}

beforeAll(async () => {
  stub = await startLlmStub({ chunkDelayMs: 0 });
  t = await startTestApp({ env: { LLM_BASE_URL: stub.url } });
  ck = chatkitClient(t.baseUrl);
  ({ cookie } = await signUp(t.baseUrl));
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

describe('GET /workflows/:id/stats', () => {
  it('counts each UTC day of the range from stored chats and measured turns (Canvas chats not)', async () => {
    const wf = await ck.workflow(cookie);
    const db = t.database.db;
    await insertThread(db, {
      id: 's_t1',
      workflowId: wf,
      principal: 'visitor:a',
      createdAt: at(1, 10),
      messages: ['q1', 'a1', 'q2', 'a2'],
      feedback: { 1: 'negative' },
    });
    await insertThread(db, {
      id: 's_t2',
      workflowId: wf,
      principal: 'visitor:b',
      createdAt: at(1, 23),
      messages: ['q', 'a'],
      feedback: { 1: 'positive' },
    });
    await insertThread(db, {
      id: 's_t3',
      workflowId: wf,
      principal: 'visitor:a',
      createdAt: at(2, 8),
      messages: ['q', 'a'],
    });
    await insertThread(db, {
      id: 's_canvas',
      workflowId: wf,
      principal: 'usr_x',
      mode: 'canvas',
      createdAt: at(1, 11),
      messages: ['q', 'a'],
      feedback: { 1: 'negative' },
    });
    for (const [i, ttft] of [100, 200, 300, 400].entries()) {
      await insertTurnStat(db, {
        workflowId: wf,
        createdAt: at(1, 10 + i),
        ttftMs: ttft,
        tokensIn: 10,
        tokensOut: 20,
        error: i === 3,
      });
    }
    await insertTurnStat(db, { workflowId: wf, createdAt: at(2, 8), ttftMs: null, error: true });

    const res = await ck.api.get(`/workflows/${wf}/stats?from=2026-02-28&to=2026-03-03`, { cookie });
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual([
      zero('2026-02-28'),
      {
        date: '2026-03-01',
        conversations: 2,
        messages: 3,
        visitors: 2,
        positive: 1,
        negative: 1,
        errors: 1,
        // percentile_cont over 100, 200, 300, 400
        ttftP50Ms: 250,
        ttftP95Ms: 385,
        llmTokensIn: 40,
        llmTokensOut: 80,
      },
      { ...zero('2026-03-02'), conversations: 1, messages: 1, visitors: 1, errors: 1 },
      zero('2026-03-03'),
    ]);
    expect(res.body.usage).toMatchObject({ messages: 0, llmTokens: 0, messagesPerDay: null, llmTokensPerDay: null });
  });

  it("measures a real visitor turn: time to first token and the provider's token usage", async () => {
    const wf = await ck.workflow(cookie, llmDefinition);
    const visitor = await ck.visitorToken(wf, await ck.publish(cookie, wf));
    const res = await ck.call(visitor, 'threads.create', { input: input('measure this turn') });
    expect(res.status).toBe(200);
    const canvas = await ck.canvasToken(cookie, wf);
    await ck.call(canvas, 'threads.create', { input: input('not measured') });

    const { today, days } = await statsToday(wf);
    const usage = stubUsage([{ content: 'measure this turn' }], stubTokens(stubEchoReply('measure this turn')));
    expect(days).toEqual([
      {
        ...oneMeasuredTurn(today),
        llmTokensIn: usage.prompt_tokens,
        llmTokensOut: usage.completion_tokens,
      },
    ]);
  });

  // A second connection holds the analytics table: PostgreSQL only.
  it.runIf(process.env.DATABASE_URL)(
    "a visitor's answer does not wait for its analytics row, which the stats count once it is written",
    async () => {
      const wf = await ck.workflow(cookie);
      const visitor = await ck.visitorToken(wf, await ck.publish(cookie, wf));
      const holder = new pg.Client({ connectionString: t.database.url });
      await holder.connect();
      let answer;
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE "ChatTurnStat" IN ACCESS EXCLUSIVE MODE');
        answer = await Promise.race([
          ck.call(visitor, 'threads.create', { input: input('hello while analytics wait') }),
          sleep(5_000).then(() => 'still waiting for the analytics write' as const),
        ]);
      } finally {
        await holder.query('COMMIT');
        await holder.end();
      }
      expect(answer).not.toBe('still waiting for the analytics write');
      const reply = answer as ChatReply;
      expect(reply.status).toBe(200);
      expect(JSON.stringify(reply.events)).toContain('You said: hello while analytics wait');

      const { today, days } = await statsToday(wf);
      expect(days).toEqual([oneMeasuredTurn(today)]);
    },
  );

  it('defaults to the last 30 days; refuses reversed, over-long and malformed ranges', async () => {
    const wf = await ck.workflow(cookie);
    const res = await ck.api.get(`/workflows/${wf}/stats`, { cookie });
    expect(res.body.days).toHaveLength(30);
    expect(res.body.days.at(-1).date).toBe(new Date().toISOString().slice(0, 10));
    for (const query of [
      'from=2026-03-02&to=2026-03-01',
      'from=2025-01-01&to=2026-03-01',
      'from=2026-02-30',
      'to=soon',
    ]) {
      const bad = await ck.api.get(`/workflows/${wf}/stats?${query}`, { cookie });
      expect([query, bad.status, bad.body.code]).toEqual([query, 400, 'request.invalid']);
    }
    const year = await ck.api.get(`/workflows/${wf}/stats?from=2025-03-02&to=2026-03-02`, { cookie });
    expect([year.status, year.body.days.length]).toEqual([200, 366]);
  });
});
