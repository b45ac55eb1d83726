import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InsightsRepository } from '../src/modules/insights/insights.repository.js';
import { chatkitClient } from './support/chatkit.js';
import { signUp } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A large export is streamed: the database is read batch by batch as the
 * client reads, never the whole log first. Measured by what the client had
 * already received whenever the server fetched its next batch, not by time.
 */

const THREADS = 20;
const ITEMS_PER_THREAD = 500;
const TEXT = 'x'.repeat(2000);

let t: TestApp;
let cookie: string;
let wf: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ cookie } = await signUp(t.baseUrl));
  wf = await chatkitClient(t.baseUrl).workflow(cookie);
  // 10,000 messages of 2 KB (about 20 MB of export), in one statement per table.
  await t.database.db.sql.query(
    `INSERT INTO "ChatThread" ("id", "workflowId", "principal", "mode", "createdAt", "updatedAt")
     SELECT 'thr_big_' || lpad(n::text, 3, '0'), $1, 'visitor:v' || n, 'public',
            timestamp '2026-03-01' + n * interval '1 minute', timestamp '2026-03-01'
     FROM generate_series(1, $2::int) n`,
    [wf, THREADS],
  );
  await t.database.db.sql.query(
    `INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
     SELECT 'itm_' || th || '_' || s, 'thr_big_' || lpad(th::text, 3, '0'),
            CASE WHEN s % 2 = 1 THEN 'user_message' ELSE 'assistant_message' END, s,
            jsonb_build_object('content', jsonb_build_array(jsonb_build_object('type', 'output_text', 'text', $1::text || s, 'annotations', '[]'::jsonb))),
            timestamp '2026-03-01' + th * interval '1 minute' + s * interval '1 millisecond'
     FROM generate_series(1, $2::int) th, generate_series(1, $3::int) s`,
    [TEXT, THREADS, ITEMS_PER_THREAD],
  );
}, 120_000);
afterAll(() => t?.close());

describe('export of 10,000 messages', () => {
  it('streams every message once while the server reads the database in batches behind the reader', async () => {
    const repo = t.app.get(InsightsRepository, { strict: false });
    let received = 0;
    const receivedAtFetch: number[] = [];
    const original = repo.exportItems.bind(repo);
    const spy = vi.spyOn(repo, 'exportItems').mockImplementation((...args) => {
      receivedAtFetch.push(received);
      return original(...args);
    });
    try {
      const res = await fetch(`${t.baseUrl}/api/workflows/${wf}/conversations/export?format=jsonl`, {
        headers: { cookie },
      });
      expect(res.status).toBe(200);
      const decoder = new TextDecoder();
      let lines = 0;
      let tail = '';
      const seen = new Set<string>();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        received += chunk.byteLength;
        const text = tail + decoder.decode(chunk, { stream: true });
        const parts = text.split('\n');
        tail = parts.pop()!;
        for (const line of parts) {
          lines += 1;
          seen.add(JSON.parse(line).itemId);
        }
      }
      expect(tail).toBe('');
      expect(lines).toBe(THREADS * ITEMS_PER_THREAD);
      expect(seen.size).toBe(THREADS * ITEMS_PER_THREAD);

      // 20 batches of 500 (and one that finds the end).
      expect(receivedAtFetch.length).toBeGreaterThanOrEqual(20);
      // Had the server built the export before sending it, the client would
      // have received nothing by the last read; streamed, it had most of it.
      expect(receivedAtFetch.at(-1)!).toBeGreaterThan(received * 0.4);
    } finally {
      spy.mockRestore();
    }
  }, 120_000);
});
