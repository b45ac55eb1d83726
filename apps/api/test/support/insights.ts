import type { Database } from '../../src/database/database.js';

/** Fixture rows for insights tests: threads with known times, written straight to the database. */
export interface FixtureThread {
  id: string;
  workflowId: string;
  principal: string;
  mode?: 'public' | 'canvas';
  title?: string | null;
  /** ISO instant. */
  createdAt: string;
  /** Messages, alternating user / assistant, one second apart from createdAt. */
  messages: string[];
  /** Feedback by message index (assistant messages), given at the message's time. */
  feedback?: Record<number, 'positive' | 'negative'>;
}

const utc = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

export const itemId = (threadId: string, index: number) => `${threadId}_i${index}`;

export async function insertThread(db: Database, t: FixtureThread): Promise<void> {
  await db.sql.query(
    `INSERT INTO "ChatThread" ("id", "workflowId", "principal", "mode", "title", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, ${utc(6)}, ${utc(6)})`,
    [t.id, t.workflowId, t.principal, t.mode ?? 'public', t.title ?? null, t.createdAt],
  );
  const start = Date.parse(t.createdAt);
  for (const [i, text] of t.messages.entries()) {
    const user = i % 2 === 0;
    const data = user
      ? { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} }
      : { content: [{ type: 'output_text', text, annotations: [] }] };
    const at = new Date(start + i * 1000).toISOString();
    await db.sql.query(
      `INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt") VALUES ($1, $2, $3, $4, $5::jsonb, ${utc(6)})`,
      [itemId(t.id, i), t.id, user ? 'user_message' : 'assistant_message', i + 1, JSON.stringify(data), at],
    );
    const kind = t.feedback?.[i];
    if (kind) {
      await db.sql.query(
        `INSERT INTO "ChatFeedback" ("id", "threadId", "itemId", "kind", "createdAt") VALUES ($1, $2, $3, $4, ${utc(5)})`,
        [`fb_${itemId(t.id, i)}`, t.id, itemId(t.id, i), kind, at],
      );
    }
  }
}

export async function insertTurnStat(
  db: Database,
  s: {
    workflowId: string;
    createdAt: string;
    ttftMs: number | null;
    tokensIn?: number;
    tokensOut?: number;
    error?: boolean;
  },
): Promise<void> {
  await db.sql.query(
    `INSERT INTO "ChatTurnStat" ("id", "workflowId", "createdAt", "ttftMs", "llmTokensIn", "llmTokensOut", "error")
     VALUES (gen_random_uuid()::text, $1, ${utc(2)}, $3, $4, $5, $6)`,
    [s.workflowId, s.createdAt, s.ttftMs, s.tokensIn ?? 0, s.tokensOut ?? 0, s.error ?? false],
  );
}
