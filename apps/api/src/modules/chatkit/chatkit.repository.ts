import { Inject, Injectable } from '@nestjs/common';
import type { TThreadItem, TThreadStatus } from '@wfchat/contracts';
import { newId } from '../../common/crypto/tokens.js';
import { DATABASE } from '../../database/database.module.js';
import type { Database } from '../../database/database.js';
import { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { ChatContext } from './chatkit.context.js';
import { timeOfId } from './chatkit.ids.js';
import { itemData, itemFromRow } from './chatkit.item-json.js';
import type { ChatStore, PageQuery, PageResult, ThreadRecord } from './chatkit.store.js';

type ThreadRow = { id: string; title: string | null; status: unknown; createdAt: Date; itemCount?: number | null };

const threadSelect = { id: true, title: true, status: true, createdAt: true } as const;
const itemSelect = { id: true, threadId: true, type: true, data: true, createdAt: true } as const;

const scope = (ctx: ChatContext) => ({ workflowId: ctx.workflowId, principal: ctx.principal, mode: ctx.mode });

function toThread(row: ThreadRow): ThreadRecord {
  return {
    id: row.id,
    ...(row.title ? { title: row.title } : {}),
    status: (row.status as TThreadStatus | null) ?? { type: 'active' },
    createdAt: row.createdAt,
    ...(row.itemCount != null ? { itemCount: Number(row.itemCount) } : {}),
  };
}

/** A time as text (a parameter, an item's column) as a UTC instant for `timestamp(3)` columns, which Prisma fills with UTC wall time. */
const utc = (text: string) => `(${text}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * Thread `$n` by its primary key alone, as `t`; the caller checks its scope. The
 * fence (OFFSET 0) keeps the planner on the primary key: planned without
 * statistics (a new table, or autovacuum off), a cached generic plan otherwise
 * takes the (workflowId, mode, createdAt, id) index for the scoped lookup and
 * reads every thread of the workflow on each message.
 */
const threadById = (n: number) => `(SELECT * FROM "ChatThread" WHERE "id" = $${n} OFFSET 0) t`;

/**
 * Items `$n` to `$n+3` (ids, types, data, times) as rows `v`, numbered from 1
 * in `v."n"`. Text arrays, not jsonb[]: PostgreSQL and PGlite send them alike.
 */
const itemRows = (n: number) =>
  `unnest($${n}::text[], $${n + 1}::text[], $${n + 2}::text[], $${n + 3}::text[]) WITH ORDINALITY AS v("id", "type", "data", "createdAt", "n")`;

const itemArrays = (items: TThreadItem[]) => [
  items.map((i) => i.id),
  items.map((i) => i.type),
  items.map(itemData),
  items.map((i) => i.created_at),
];

const CREATE_THREAD = `
  WITH t AS (
    INSERT INTO "ChatThread" ("id", "workflowId", "principal", "mode", "title", "createdAt", "updatedAt", "linkId")
    VALUES ($1, $2, $3, $4, $5, ${utc('$6')}, ${utc('$6')}, $7)
    RETURNING "id"
  )
  INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
  SELECT v."id", t."id", v."type", v."n", v."data"::jsonb, ${utc('v."createdAt"')}
  FROM t CROSS JOIN ${itemRows(8)}`;

/** The thread's last seq, for an insert into thread `t`; a statement does not see its own rows, so it is one value. */
const lastSeq = `COALESCE((SELECT MAX(i."seq") FROM "ChatItem" i WHERE i."threadId" = t."id"), 0)`;

/** Appends items `$1`-`$4` to thread `$5` in scope `$6`-`$8`, in order. */
const ADD_ITEMS = `
  INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
  SELECT v."id", t."id", v."type", ${lastSeq} + v."n", v."data"::jsonb, ${utc('v."createdAt"')}
  FROM ${threadById(5)} CROSS JOIN ${itemRows(1)}
  WHERE t."workflowId" = $6 AND t."principal" = $7 AND t."mode" = $8
  RETURNING "id"`;

/**
 * Appends item `$1` (type `$2`, data `$3`, time `$4`) to thread `$5` in scope
 * `$6`-`$8` or, when this id is already in the thread, replaces its content.
 */
const SAVE_ITEM = `
  INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
  SELECT $1, t."id", $2, ${lastSeq} + 1, $3::jsonb, ${utc('$4')}
  FROM ${threadById(5)}
  WHERE t."workflowId" = $6 AND t."principal" = $7 AND t."mode" = $8
  ON CONFLICT ("id") DO UPDATE SET "data" = EXCLUDED."data"
  WHERE "ChatItem"."threadId" = EXCLUDED."threadId"
  RETURNING "id"`;

// seq is contiguous (items are appended, and only a tail is ever deleted), so the last one counts them.
const LOAD_THREAD = `
  SELECT t."id", t."title", t."status", (t."createdAt" AT TIME ZONE 'UTC') AS "createdAt",
         (SELECT COALESCE(MAX(i."seq"), 0) FROM "ChatItem" i WHERE i."threadId" = t."id") AS "itemCount"
  FROM ${threadById(1)}
  WHERE t."workflowId" = $2 AND t."principal" = $3 AND t."mode" = $4`;

const REPLACE_ITEM_IF = `
  UPDATE "ChatItem" i SET "data" = $2::jsonb
  FROM ${threadById(4)}
  WHERE i."id" = $1 AND i."data" = $3::jsonb AND i."threadId" = t."id"
    AND t."workflowId" = $5 AND t."principal" = $6 AND t."mode" = $7
  RETURNING i."id"`;

/** Text arrays, as in itemRows. */
const UPDATE_ITEMS = `
  UPDATE "ChatItem" i SET "data" = v."data"::jsonb
  FROM unnest($1::text[], $2::text[], $3::text[]) AS v("id", "threadId", "data")
  WHERE i."id" = v."id" AND i."threadId" = v."threadId"`;

/** The statements that look a thread up on every message, with sample parameters (for the plan test). */
export const THREAD_LOOKUPS = {
  addItems: [
    ADD_ITEMS,
    [
      '{msg_1,msg_2}',
      '{user_message,assistant_message}',
      '{"{}","{}"}',
      '{2026-01-01T00:00:00Z,2026-01-01T00:00:01Z}',
      'thr_1',
      'wf_1',
      'usr_1',
      'canvas',
    ],
  ],
  saveItem: [
    SAVE_ITEM,
    ['msg_1', 'assistant_message', '{}', '2026-01-01T00:00:00Z', 'thr_1', 'wf_1', 'usr_1', 'canvas'],
  ],
  loadThread: [LOAD_THREAD, ['thr_1', 'wf_1', 'usr_1', 'canvas']],
  replaceItemIf: [REPLACE_ITEM_IF, ['msg_1', '{}', '{}', 'thr_1', 'wf_1', 'usr_1', 'canvas']],
} as const;

/** The batched partial save, with sample parameters (for the plan test). */
export const ITEMS_UPDATE = [UPDATE_ITEMS, ['{msg_1,msg_2}', '{thr_1,thr_1}', '{"{}","{}"}']] as const;

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

/**
 * The database implementation of ChatStore: the only chat code that touches
 * the database. The statements of every turn (create a thread, append items,
 * save an answer, load a thread) go through the plain SQL client as prepared
 * statements, one round trip each and without Prisma's per-query CPU;
 * everything else uses Prisma.
 */
@Injectable()
export class ChatkitRepository implements ChatStore {
  constructor(
    private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async createThread(ctx: ChatContext, thread: ThreadRecord, items: TThreadItem[]): Promise<void> {
    await this.db.sql.prepared('chatkit_create_thread', CREATE_THREAD, [
      thread.id,
      ctx.workflowId,
      ctx.principal,
      ctx.mode,
      thread.title ?? null,
      thread.createdAt.toISOString(),
      ctx.linkId ?? null,
      ...itemArrays(items),
    ]);
  }

  async loadThread(ctx: ChatContext, threadId: string): Promise<ThreadRecord | null> {
    const [row] = await this.db.sql.prepared<ThreadRow>('chatkit_load_thread', LOAD_THREAD, [
      threadId,
      ctx.workflowId,
      ctx.principal,
      ctx.mode,
    ]);
    return row ? toThread({ ...row, createdAt: new Date(row.createdAt) }) : null;
  }

  async listThreads(ctx: ChatContext, page: PageQuery): Promise<PageResult<ThreadRecord>> {
    const dir = page.order === 'asc' ? 'gt' : 'lt';
    const at = page.after ? timeOfId(page.after) : null;
    const cursor =
      page.after && at ? { OR: [{ createdAt: { [dir]: at } }, { createdAt: at, id: { [dir]: page.after } }] } : {};
    const rows = await this.prisma.chatThread.findMany({
      where: { ...scope(ctx), ...cursor },
      orderBy: [{ createdAt: page.order }, { id: page.order }],
      take: page.limit + 1,
      select: threadSelect,
    });
    return { data: rows.slice(0, page.limit).map(toThread), hasMore: rows.length > page.limit };
  }

  async setTitle(ctx: ChatContext, threadId: string, title: string | null): Promise<ThreadRecord | null> {
    const { count } = await this.prisma.chatThread.updateMany({
      where: { id: threadId, ...scope(ctx) },
      data: { title },
    });
    return count === 1 ? this.loadThread(ctx, threadId) : null;
  }

  async deleteThread(ctx: ChatContext, threadId: string): Promise<boolean> {
    const { count } = await this.prisma.chatThread.deleteMany({ where: { id: threadId, ...scope(ctx) } });
    return count === 1;
  }

  async addItems(ctx: ChatContext, threadId: string, items: TThreadItem[]): Promise<boolean> {
    const params = [...itemArrays(items), threadId, ctx.workflowId, ctx.principal, ctx.mode];
    return (await this.appending('chatkit_add_items', ADD_ITEMS, params)) === items.length;
  }

  async saveItem(ctx: ChatContext, threadId: string, item: TThreadItem): Promise<boolean> {
    const params = [item.id, item.type, itemData(item), item.created_at, threadId, ctx.workflowId, ctx.principal, ctx.mode];
    return (await this.appending('chatkit_save_item', SAVE_ITEM, params)) === 1;
  }

  async updateItems(items: { threadId: string; item: TThreadItem }[]): Promise<void> {
    if (!items.length) return;
    await this.db.sql.prepared('chatkit_update_items', UPDATE_ITEMS, [
      items.map((u) => u.item.id),
      items.map((u) => u.threadId),
      items.map((u) => itemData(u.item)),
    ]);
  }

  /**
   * Runs an append; the next seq is computed in the insert, so two concurrent
   * appends to one thread collide on (threadId, seq), and the loser simply
   * tries again. Resolves with the rows written.
   */
  private async appending(name: string, sql: string, params: unknown[]): Promise<number> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await this.db.sql.prepared(name, sql, params)).length;
      } catch (e) {
        if (attempt >= 5 || !isUniqueViolation(e)) throw e;
      }
    }
  }

  async replaceItemIf(ctx: ChatContext, threadId: string, item: TThreadItem, expected: TThreadItem): Promise<boolean> {
    const rows = await this.db.sql.prepared('chatkit_replace_item_if', REPLACE_ITEM_IF, [
      item.id,
      itemData(item),
      itemData(expected),
      threadId,
      ctx.workflowId,
      ctx.principal,
      ctx.mode,
    ]);
    return rows.length === 1;
  }

  async setStatus(ctx: ChatContext, threadId: string, status: TThreadStatus): Promise<ThreadRecord | null> {
    const { count } = await this.prisma.chatThread.updateMany({
      where: { id: threadId, ...scope(ctx) },
      data: { status },
    });
    return count === 1 ? this.loadThread(ctx, threadId) : null;
  }

  async listItems(ctx: ChatContext, threadId: string, page: PageQuery): Promise<PageResult<TThreadItem>> {
    const dir = page.order === 'asc' ? 'gt' : 'lt';
    let cursor: Prisma.ChatItemWhereInput = {};
    if (page.after) {
      const anchor = await this.prisma.chatItem.findFirst({
        where: { id: page.after, threadId, thread: scope(ctx) },
        select: { seq: true },
      });
      // A deleted item still has a position: the creation time in its id.
      const at = anchor ? null : timeOfId(page.after);
      cursor = anchor ? { seq: { [dir]: anchor.seq } } : at ? { createdAt: { [dir]: at } } : { id: { in: [] } };
    }
    const rows = await this.prisma.chatItem.findMany({
      where: { threadId, thread: scope(ctx), ...cursor },
      orderBy: { seq: page.order },
      take: page.limit + 1,
      select: itemSelect,
    });
    return { data: rows.slice(0, page.limit).map(itemFromRow), hasMore: rows.length > page.limit };
  }

  async loadItem(ctx: ChatContext, threadId: string, itemId: string): Promise<TThreadItem | null> {
    const row = await this.prisma.chatItem.findFirst({
      where: { id: itemId, threadId, thread: scope(ctx) },
      select: itemSelect,
    });
    return row && itemFromRow(row);
  }

  async deleteItemsAfter(ctx: ChatContext, threadId: string, itemId: string): Promise<void> {
    const anchor = await this.prisma.chatItem.findFirst({
      where: { id: itemId, threadId, thread: scope(ctx) },
      select: { seq: true },
    });
    if (!anchor) return;
    await this.prisma.chatItem.deleteMany({ where: { threadId, seq: { gt: anchor.seq } } });
  }

  async recentItems(ctx: ChatContext, threadId: string, limit: number, beforeItemId?: string): Promise<TThreadItem[]> {
    let before: Prisma.ChatItemWhereInput = {};
    if (beforeItemId) {
      const anchor = await this.prisma.chatItem.findFirst({
        where: { id: beforeItemId, threadId },
        select: { seq: true },
      });
      if (anchor) before = { seq: { lt: anchor.seq } };
    }
    const rows = await this.prisma.chatItem.findMany({
      where: { threadId, thread: scope(ctx), ...before },
      orderBy: { seq: 'desc' },
      take: limit,
      select: itemSelect,
    });
    return rows.reverse().map(itemFromRow);
  }

  async saveFeedback(
    ctx: ChatContext,
    threadId: string,
    itemIds: string[],
    kind: 'positive' | 'negative',
  ): Promise<boolean> {
    const unique = [...new Set(itemIds)];
    const found = await this.prisma.chatItem.count({ where: { id: { in: unique }, threadId, thread: scope(ctx) } });
    if (found !== unique.length) return false;
    await this.prisma.$transaction(
      unique.map((itemId) =>
        this.prisma.chatFeedback.upsert({
          where: { threadId_itemId: { threadId, itemId } },
          create: { id: newId('fb'), threadId, itemId, kind },
          update: { kind },
        }),
      ),
    );
    return true;
  }
}
