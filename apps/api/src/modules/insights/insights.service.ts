import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  INSIGHTS_LIMITS,
  userMessageText,
  type TConversation,
  type TConversationExportQuery,
  type TConversationListResponse,
  type TConversationQuery,
  type TExportRow,
  type TThreadItem,
  type TTranscriptResponse,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { Errors } from '../../common/errors/app-error.js';
import { itemFromRow } from '../chatkit/chatkit.item-json.js';
import { WorkflowsService } from '../workflows/workflows.service.js';
import { decodeCursor, encodeCursor } from './conversation-cursor.js';
import { CSV_HEADER, csvLine, jsonLine } from './export-format.js';
import {
  InsightsRepository,
  type ConversationFilter,
  type ConversationRow,
  type ItemRow,
} from './insights.repository.js';
import { visitorLabel } from './visitor-label.js';

/** Threads, then items of those threads, read per batch: an export never holds more than one batch. */
const EXPORT_THREAD_BATCH = 100;
const EXPORT_ITEM_BATCH = 500;

const DAY_MS = 86_400_000;
const startOfDay = (day: string) => `${day}T00:00:00.000Z`;
const nextDay = (day: string) => new Date(Date.parse(startOfDay(day)) + DAY_MS).toISOString();
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** `q` as an ILIKE pattern matching it anywhere, its own wildcards taken literally. */
const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filterOf(query: Omit<TConversationQuery, 'limit' | 'cursor'>): ConversationFilter {
  return {
    ...(query.feedback ? { feedback: query.feedback } : {}),
    ...(query.q ? { pattern: containsPattern(query.q) } : {}),
    ...(query.from ? { from: startOfDay(query.from) } : {}),
    ...(query.to ? { until: nextDay(query.to) } : {}),
  };
}

function toConversation(workflowId: string, row: ConversationRow): TConversation {
  return {
    threadId: row.id,
    title: row.title,
    visitor: visitorLabel(workflowId, row.principal, row.email),
    linkId: row.linkId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    messages: row.messages,
    feedback: { positive: row.positive, negative: row.negative },
  };
}

/** The readable text of a stored message, whatever its parts; attached files by name. */
function itemText(item: TThreadItem): string {
  if (item.type === 'user_message') {
    const files = item.attachments?.length ? `[attached: ${item.attachments.map((a) => a.name).join(', ')}]` : '';
    return [userMessageText(item), files].filter(Boolean).join(' ');
  }
  // A choices card reads as its question.
  if (item.type === 'widget') return item.copy_text ?? '';
  // Run traces exist in Canvas test threads only, which are never read here.
  if (item.type === 'workflow') return '';
  return item.content.map((part) => part.text).join('');
}

export interface ConversationExport {
  contentType: string;
  filename: string;
  body: AsyncIterable<string>;
}

/**
 * What an author may read of their published workflow's conversations. Every
 * call first proves ownership (another user's workflow is a 404, as if it did
 * not exist) and only ever reads public-mode threads.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly repo: InsightsRepository,
    private readonly workflows: WorkflowsService,
  ) {}

  async list(user: AuthUser, workflowId: string, query: TConversationQuery): Promise<TConversationListResponse> {
    await this.workflows.getOwned(user, workflowId);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !after) {
      throw Errors.invalid('This page link is not valid any more. Start again from the first page.', [
        { path: 'cursor', message: 'not a cursor from a previous page' },
      ]);
    }
    const limit = query.limit ?? INSIGHTS_LIMITS.pageSizeDefault;
    const rows = await this.repo.listConversations(workflowId, filterOf(query), after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map((row) => toConversation(workflowId, row)),
      next: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  async transcript(user: AuthUser, workflowId: string, threadId: string): Promise<TTranscriptResponse> {
    await this.workflows.getOwned(user, workflowId);
    const row = await this.repo.conversation(workflowId, threadId);
    if (!row) throw Errors.notFound(ErrorCode.ThreadNotFound, 'No such conversation.');
    const items = await this.repo.transcript(threadId, INSIGHTS_LIMITS.transcriptItems);
    return {
      conversation: toConversation(workflowId, row),
      items: items.flatMap((row) => {
        const item = itemFromRow(row);
        return item.type === 'workflow' ? [] : [{ ...item, feedback: row.feedback }];
      }),
    };
  }

  /** Checks ownership now (so refusals are HTTP errors), then streams the log in batches. */
  async export(user: AuthUser, workflowId: string, query: TConversationExportQuery): Promise<ConversationExport> {
    await this.workflows.getOwned(user, workflowId);
    const csv = query.format === 'csv';
    const lines = this.exportLines(workflowId, filterOf(query), csv ? csvLine : jsonLine);
    return {
      contentType: csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      filename: `conversations-${workflowId}-${dayOf(new Date())}.${query.format}`,
      body: csv ? prepend(CSV_HEADER, lines) : lines,
    };
  }

  private async *exportLines(
    workflowId: string,
    filter: ConversationFilter,
    line: (row: TExportRow) => string,
  ): AsyncGenerator<string> {
    let after: { createdAt: string; id: string } | null = null;
    for (;;) {
      const threads = await this.repo.listConversations(workflowId, filter, after, EXPORT_THREAD_BATCH);
      if (threads.length === 0) return;
      const ids = threads.map((t) => t.id);
      let position = { ord: 0, seq: 0 };
      for (;;) {
        const items = await this.repo.exportItems(ids, position, EXPORT_ITEM_BATCH);
        if (items.length > 0) {
          yield items.map((item) => line(exportRow(workflowId, threads[item.ord - 1]!, item))).join('');
          const last = items.at(-1)!;
          position = { ord: last.ord, seq: last.seq };
        }
        if (items.length < EXPORT_ITEM_BATCH) break;
      }
      if (threads.length < EXPORT_THREAD_BATCH) return;
      const last = threads.at(-1)!;
      after = { createdAt: last.createdAt.toISOString(), id: last.id };
    }
  }
}

function exportRow(workflowId: string, thread: ConversationRow, item: ItemRow): TExportRow {
  const visitor = visitorLabel(workflowId, thread.principal, thread.email);
  return {
    threadId: thread.id,
    threadCreatedAt: thread.createdAt.toISOString(),
    visitorKind: visitor.kind,
    visitorLabel: visitor.label,
    linkId: thread.linkId,
    itemId: item.id,
    createdAt: item.createdAt.toISOString(),
    role: item.type === 'user_message' ? 'user' : 'assistant',
    text: itemText(itemFromRow(item)),
    feedback: item.feedback,
  };
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}
