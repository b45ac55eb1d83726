import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InsightsRepository } from '../src/modules/insights/insights.repository.js';
import { RetentionService } from '../src/modules/insights/retention.service.js';
import { Clock } from '../src/modules/quota/clock.js';
import { chatkitClient } from './support/chatkit.js';
import { signUp } from './support/http.js';
import { insertThread } from './support/insights.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** TRANSCRIPT_RETENTION_DAYS: conversations idle for longer are deleted, in batches; the rest stay. */

let t: TestApp;
let wf: string;
const NOW = '2030-06-30T12:00:00.000Z';
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

beforeAll(async () => {
  t = await startTestApp({ env: { TRANSCRIPT_RETENTION_DAYS: '30' } });
  const { cookie } = await signUp(t.baseUrl);
  wf = await chatkitClient(t.baseUrl).workflow(cookie);
});
afterAll(() => t?.close());

async function threadIds(): Promise<string[]> {
  const rows = await t.database.db.sql.query<{ id: string }>(
    `SELECT "id" FROM "ChatThread" WHERE "workflowId" = $1 ORDER BY "id"`,
    [wf],
  );
  return rows.map((r) => r.id);
}

describe('retention', () => {
  it('deletes conversations idle for longer than the retention, with their items and feedback, batch by batch', async () => {
    const db = t.database.db;
    await insertThread(db, {
      id: 'r_old',
      workflowId: wf,
      principal: 'visitor:a',
      createdAt: daysAgo(40),
      messages: ['q', 'a'],
      feedback: { 1: 'negative' },
    });
    await insertThread(db, {
      id: 'r_canvas_old',
      workflowId: wf,
      principal: 'usr_x',
      mode: 'canvas',
      createdAt: daysAgo(31),
      messages: ['q'],
    });
    await insertThread(db, {
      id: 'r_recent',
      workflowId: wf,
      principal: 'visitor:b',
      createdAt: daysAgo(2),
      messages: ['q', 'a'],
    });
    // Started long ago, but the visitor wrote again last week: still in use.
    await insertThread(db, {
      id: 'r_revived',
      workflowId: wf,
      principal: 'visitor:c',
      createdAt: daysAgo(60),
      messages: ['q', 'a'],
    });
    await db.sql.query(
      `INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
       VALUES ('r_revived_new', 'r_revived', 'user_message', 3, '{"content":[]}'::jsonb, ($1::timestamptz AT TIME ZONE 'UTC'))`,
      [daysAgo(7)],
    );
    // Enough old conversations for three batches.
    await db.sql.query(
      `INSERT INTO "ChatThread" ("id", "workflowId", "principal", "mode", "createdAt", "updatedAt")
       SELECT 'r_bulk_' || lpad(n::text, 4, '0'), $1, 'visitor:bulk', 'public', ($2::timestamptz AT TIME ZONE 'UTC'), now()
       FROM generate_series(1, 1100) n`,
      [wf, daysAgo(45)],
    );

    vi.spyOn(t.app.get(Clock, { strict: false }), 'now').mockReturnValue(new Date(NOW));
    const repo = t.app.get(InsightsRepository, { strict: false });
    const batches = vi.spyOn(repo, 'deleteExpired');
    const deleted = await t.app.get(RetentionService, { strict: false }).purge();

    expect(deleted).toBe(1102);
    expect(batches).toHaveBeenCalledTimes(3);
    expect(await threadIds()).toEqual(['r_recent', 'r_revived']);
    const orphans = await db.sql.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM "ChatItem" WHERE "threadId" IN ('r_old', 'r_canvas_old'))::int
            + (SELECT count(*) FROM "ChatFeedback" WHERE "threadId" = 'r_old')::int AS n`,
    );
    expect(orphans[0]!.n).toBe(0);
    // A second run finds nothing more.
    expect(await t.app.get(RetentionService, { strict: false }).purge()).toBe(0);
  });
});
