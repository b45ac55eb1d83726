import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEMS_UPDATE, THREAD_LOOKUPS } from '../src/modules/chatkit/chatkit.repository.js';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';

/**
 * Every message looks its thread up by id within the visitor's scope. Planned
 * without statistics (a new table, or autovacuum off, as on a fresh install),
 * PostgreSQL's cached generic plan used to take the (workflowId, mode,
 * createdAt, id) index for that lookup and read every thread of the workflow
 * on every message: the cost of a message grew with the workflow's traffic.
 * The plans must reach the thread by its primary key.
 */
const THREADS = 3_000;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.sql.exec(`
    INSERT INTO "User" (id, email, "updatedAt") VALUES ('usr_1', 'plans@example.test', now());
    INSERT INTO "Workflow" (id, "ownerId", name, "updatedAt") VALUES ('wf_1', 'usr_1', 'Busy', now());
    INSERT INTO "ChatThread" (id, "workflowId", principal, mode, "createdAt", "updatedAt")
      SELECT 'thr_' || n, 'wf_1', 'usr_1', 'canvas', now(), now() FROM generate_series(1, ${THREADS}) n;`);
});
afterAll(() => t?.drop());

/** The generic plan of `sql` with `params` (spelled as SQL literals). */
function genericPlan(sql: string, params: readonly string[]): Promise<string> {
  return t.db.sql.withAdvisoryLock(0x706c616e, async (one) => {
    // Settings and prepared statements belong to one connection.
    await one.exec(`SET plan_cache_mode = force_generic_plan; PREPARE lookup AS ${sql}`);
    try {
      const args = params.map((p) => `'${p}'`).join(', ');
      const rows = await one.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE lookup(${args})`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await one.exec('DEALLOCATE lookup; RESET plan_cache_mode');
    }
  });
}

describe('the statements of a chat turn', () => {
  it.each(Object.keys(THREAD_LOOKUPS) as (keyof typeof THREAD_LOOKUPS)[])(
    '%s reaches the thread by its primary key in the generic plan, however many threads the workflow has',
    async (name) => {
      const [sql, params] = THREAD_LOOKUPS[name];
      const plan = await genericPlan(sql, params);
      expect(plan).toContain('"ChatThread_pkey"');
      expect(plan).not.toMatch(/ChatThread_workflowId_\w+_idx/);
    },
  );

  it('the batched partial save reaches each item by its primary key, however many items there are', async () => {
    await t.db.sql.exec(`
      INSERT INTO "ChatItem" (id, "threadId", type, seq, data, "createdAt")
        SELECT 'msg_' || n, 'thr_' || (n % 100 + 1), 'assistant_message', n, '{}', now()
        FROM generate_series(1, ${THREADS * 3}) n;`);
    const [sql, params] = ITEMS_UPDATE;
    const plan = await genericPlan(sql, params);
    expect(plan).toContain('"ChatItem_pkey"');
    expect(plan).not.toContain('Seq Scan on "ChatItem"');
  });
});
