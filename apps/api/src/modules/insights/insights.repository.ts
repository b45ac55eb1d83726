import { Inject, Injectable } from '@nestjs/common';
import type { TFeedbackKind, TStatsDay } from '@wfchat/contracts';
import { DATABASE } from '../../database/database.module.js';
import type { Database } from '../../database/database.js';
import type { ConversationCursor } from './conversation-cursor.js';

/** What narrows the conversation log; times are UTC instants (ISO strings). */
export interface ConversationFilter {
  feedback?: TFeedbackKind;
  /** An ILIKE pattern, already escaped. */
  pattern?: string;
  from?: string;
  /** Exclusive. */
  until?: string;
}

export interface ConversationRow {
  id: string;
  title: string | null;
  principal: string;
  email: string | null;
  linkId: string | null;
  createdAt: Date;
  updatedAt: Date;
  messages: number;
  positive: number;
  negative: number;
}

export interface ItemRow {
  id: string;
  threadId: string;
  type: string;
  data: unknown;
  createdAt: Date;
  feedback: TFeedbackKind | null;
}

/** Parameter `$n` as a UTC instant for `timestamp(3)` columns, which hold UTC wall time. */
const utc = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * Only a signed-in account's email is joined: principals of anonymous
 * visitors (`visitor:`), end users (`ext:`) and API callers never match a
 * user id, so the join cannot reveal anything for them.
 */
const CONVERSATION_SELECT = `
  SELECT t."id", t."title", t."principal", u."email", t."linkId",
         (t."createdAt" AT TIME ZONE 'UTC') AS "createdAt",
         (COALESCE(m."last", t."createdAt") AT TIME ZONE 'UTC') AS "updatedAt",
         COALESCE(m."n", 0)::int AS "messages",
         COALESCE(f."positive", 0)::int AS "positive",
         COALESCE(f."negative", 0)::int AS "negative"
  FROM "ChatThread" t
  LEFT JOIN "User" u ON u."id" = t."principal"
  LEFT JOIN LATERAL (
    SELECT count(*) AS "n", max(i."createdAt") AS "last" FROM "ChatItem" i WHERE i."threadId" = t."id"
  ) m ON true
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE fb."kind" = 'positive') AS "positive",
           count(*) FILTER (WHERE fb."kind" = 'negative') AS "negative"
    FROM "ChatFeedback" fb WHERE fb."threadId" = t."id"
  ) f ON true`;

/**
 * Public threads of one workflow, newest first, after a cursor, filtered.
 * Canvas test chats (`mode = 'canvas'`) never match. The text search looks
 * at the title and at every text part of every message, each with one ILIKE:
 * linear in the thread's size, with wildcards in the query escaped.
 */
const LIST_CONVERSATIONS = `${CONVERSATION_SELECT}
  WHERE t."workflowId" = $1 AND t."mode" = 'public'
    AND ($2::timestamptz IS NULL OR (t."createdAt", t."id") < (${utc(2)}, $3::text))
    AND ($4::timestamptz IS NULL OR t."createdAt" >= ${utc(4)})
    AND ($5::timestamptz IS NULL OR t."createdAt" < ${utc(5)})
    AND ($6::text IS NULL OR EXISTS (
      SELECT 1 FROM "ChatFeedback" fb WHERE fb."threadId" = t."id" AND fb."kind" = $6::text))
    AND ($7::text IS NULL OR t."title" ILIKE $7::text OR EXISTS (
      SELECT 1 FROM "ChatItem" i
      CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(i."data"->'content') = 'array' THEN i."data"->'content' ELSE '[]'::jsonb END) c
      WHERE i."threadId" = t."id" AND c->>'text' ILIKE $7::text))
  ORDER BY t."createdAt" DESC, t."id" DESC
  LIMIT $8`;

const GET_CONVERSATION = `${CONVERSATION_SELECT}
  WHERE t."workflowId" = $1 AND t."mode" = 'public' AND t."id" = $2`;

const ITEM_COLUMNS = `i."id", i."threadId", i."type", i."data", (i."createdAt" AT TIME ZONE 'UTC') AS "createdAt", fb."kind" AS "feedback"`;

/** The last `$2` items of a thread, newest first, each with its feedback. */
const TRANSCRIPT_ITEMS = `
  SELECT ${ITEM_COLUMNS}
  FROM "ChatItem" i
  LEFT JOIN "ChatFeedback" fb ON fb."threadId" = i."threadId" AND fb."itemId" = i."id"
  WHERE i."threadId" = $1
  ORDER BY i."seq" DESC
  LIMIT $2`;

/**
 * Items of a batch of threads, in the batch's order and then the thread's,
 * after a (thread position, seq) cursor: the export reads a thread of any
 * length in bounded pages.
 */
const EXPORT_ITEMS = `
  SELECT ${ITEM_COLUMNS}, b."ord"::int AS "ord", i."seq"
  FROM unnest($1::text[]) WITH ORDINALITY AS b("id", "ord")
  JOIN "ChatItem" i ON i."threadId" = b."id"
  LEFT JOIN "ChatFeedback" fb ON fb."threadId" = i."threadId" AND fb."itemId" = i."id"
  WHERE (b."ord", i."seq") > ($2::int, $3::int)
  ORDER BY b."ord", i."seq"
  LIMIT $4`;

/**
 * One row per UTC day of [$2, $3] for workflow $1: public conversations
 * started, visitor messages and distinct visitors, feedback given, and the
 * measured turns (errors, time to first token, LLM tokens).
 */
const STATS = `
  WITH days AS (
    SELECT d::date AS "day" FROM generate_series($2::date, $3::date, interval '1 day') d
  ), conv AS (
    SELECT t."createdAt"::date AS "day", count(*) AS "n"
    FROM "ChatThread" t
    WHERE t."workflowId" = $1 AND t."mode" = 'public' AND t."createdAt" >= $2::date AND t."createdAt" < $3::date + 1
    GROUP BY 1
  ), msg AS (
    SELECT i."createdAt"::date AS "day", count(*) AS "n", count(DISTINCT t."principal") AS "visitors"
    FROM "ChatThread" t JOIN "ChatItem" i ON i."threadId" = t."id"
    WHERE t."workflowId" = $1 AND t."mode" = 'public' AND i."type" = 'user_message'
      AND i."createdAt" >= $2::date AND i."createdAt" < $3::date + 1
    GROUP BY 1
  ), fb AS (
    SELECT f."createdAt"::date AS "day",
           count(*) FILTER (WHERE f."kind" = 'positive') AS "positive",
           count(*) FILTER (WHERE f."kind" = 'negative') AS "negative"
    FROM "ChatFeedback" f JOIN "ChatThread" t ON t."id" = f."threadId"
    WHERE t."workflowId" = $1 AND t."mode" = 'public' AND f."createdAt" >= $2::date AND f."createdAt" < $3::date + 1
    GROUP BY 1
  ), turns AS (
    SELECT s."createdAt"::date AS "day",
           count(*) FILTER (WHERE s."error") AS "errors",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s."ttftMs") AS "p50",
           percentile_cont(0.95) WITHIN GROUP (ORDER BY s."ttftMs") AS "p95",
           sum(s."llmTokensIn") AS "tokensIn",
           sum(s."llmTokensOut") AS "tokensOut"
    FROM "ChatTurnStat" s
    WHERE s."workflowId" = $1 AND s."createdAt" >= $2::date AND s."createdAt" < $3::date + 1
    GROUP BY 1
  )
  SELECT to_char(days."day", 'YYYY-MM-DD') AS "date",
         COALESCE(conv."n", 0)::int AS "conversations",
         COALESCE(msg."n", 0)::int AS "messages",
         COALESCE(msg."visitors", 0)::int AS "visitors",
         COALESCE(fb."positive", 0)::int AS "positive",
         COALESCE(fb."negative", 0)::int AS "negative",
         COALESCE(turns."errors", 0)::int AS "errors",
         round(turns."p50")::float8 AS "ttftP50Ms",
         round(turns."p95")::float8 AS "ttftP95Ms",
         COALESCE(turns."tokensIn", 0)::float8 AS "llmTokensIn",
         COALESCE(turns."tokensOut", 0)::float8 AS "llmTokensOut"
  FROM days
  LEFT JOIN conv ON conv."day" = days."day"
  LEFT JOIN msg ON msg."day" = days."day"
  LEFT JOIN fb ON fb."day" = days."day"
  LEFT JOIN turns ON turns."day" = days."day"
  ORDER BY days."day"`;

/**
 * Deletes up to `$2` threads (items and feedback go with them) whose last
 * activity is before `$1`. Rows another instance is already deleting are
 * skipped, not waited for, and each batch is its own short statement: no long
 * locks, and several instances can run the job at once.
 */
const DELETE_EXPIRED = `
  DELETE FROM "ChatThread" WHERE "id" IN (
    SELECT t."id" FROM "ChatThread" t
    WHERE t."createdAt" < ${utc(1)}
      AND NOT EXISTS (SELECT 1 FROM "ChatItem" i WHERE i."threadId" = t."id" AND i."createdAt" >= ${utc(1)})
    ORDER BY t."createdAt"
    LIMIT $2
    FOR UPDATE SKIP LOCKED)
  RETURNING "id"`;

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(v as string));

function toConversationRow(r: ConversationRow): ConversationRow {
  return { ...r, createdAt: asDate(r.createdAt), updatedAt: asDate(r.updatedAt) };
}

/** The only insights code that touches the database: queries over chat threads, and their expiry. */
@Injectable()
export class InsightsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async listConversations(
    workflowId: string,
    filter: ConversationFilter,
    after: ConversationCursor | null,
    limit: number,
  ): Promise<ConversationRow[]> {
    const rows = await this.db.sql.query<ConversationRow>(LIST_CONVERSATIONS, [
      workflowId,
      after?.createdAt ?? null,
      after?.id ?? null,
      filter.from ?? null,
      filter.until ?? null,
      filter.feedback ?? null,
      filter.pattern ?? null,
      limit,
    ]);
    return rows.map(toConversationRow);
  }

  async conversation(workflowId: string, threadId: string): Promise<ConversationRow | null> {
    const [row] = await this.db.sql.query<ConversationRow>(GET_CONVERSATION, [workflowId, threadId]);
    return row ? toConversationRow(row) : null;
  }

  /** The newest `limit` items of a thread, oldest first. */
  async transcript(threadId: string, limit: number): Promise<ItemRow[]> {
    const rows = await this.db.sql.query<ItemRow>(TRANSCRIPT_ITEMS, [threadId, limit]);
    return rows.reverse().map((r) => ({ ...r, createdAt: asDate(r.createdAt) }));
  }

  /** One page of the items of `threadIds`, after position (`ord` in the list, 1-based; `seq`). */
  async exportItems(
    threadIds: string[],
    after: { ord: number; seq: number },
    limit: number,
  ): Promise<(ItemRow & { ord: number; seq: number })[]> {
    const rows = await this.db.sql.query<ItemRow & { ord: number; seq: number }>(EXPORT_ITEMS, [
      threadIds,
      after.ord,
      after.seq,
      limit,
    ]);
    return rows.map((r) => ({ ...r, createdAt: asDate(r.createdAt) }));
  }

  stats(workflowId: string, from: string, to: string): Promise<TStatsDay[]> {
    return this.db.sql.query<TStatsDay>(STATS, [workflowId, from, to]);
  }

  /** One batch of the retention job; how many threads it deleted. */
  async deleteExpired(before: Date, batch: number): Promise<number> {
    return (await this.db.sql.query(DELETE_EXPIRED, [before.toISOString(), batch])).length;
  }
}
