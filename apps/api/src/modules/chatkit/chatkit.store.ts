import type { TThreadItem, TThreadStatus } from '@wfchat/contracts';
import type { ChatContext } from './chatkit.context.js';

/** A thread as stored, without its items. */
export interface ThreadRecord {
  id: string;
  title?: string;
  status: TThreadStatus;
  createdAt: Date;
  /** Items in the thread when it was loaded (absent when unknown). */
  itemCount?: number;
}

export type { TurnMeasurement } from '../turn-stats/turn-stats.repository.js';

export interface PageQuery {
  limit: number;
  order: 'asc' | 'desc';
  /** Id of the last record of the previous page. */
  after?: string;
}

export interface PageResult<T> {
  data: T[];
  hasMore: boolean;
}

/**
 * Persistence of ChatKit threads and items. Every call receives the request's
 * context and is scoped by it: a thread of another workflow, principal or mode
 * behaves exactly like a missing one (null / false / empty).
 */
export interface ChatStore {
  /**
   * Creates the thread together with its first items, in one statement: the
   * visitor's message and, when it was ready at once, the answer.
   */
  createThread(ctx: ChatContext, thread: ThreadRecord, items: TThreadItem[]): Promise<void>;
  loadThread(ctx: ChatContext, threadId: string): Promise<ThreadRecord | null>;
  listThreads(ctx: ChatContext, page: PageQuery): Promise<PageResult<ThreadRecord>>;
  /** Sets (or, with null, clears) the title; null when the thread is not in scope. */
  setTitle(ctx: ChatContext, threadId: string, title: string | null): Promise<ThreadRecord | null>;
  deleteThread(ctx: ChatContext, threadId: string): Promise<boolean>;

  /**
   * Appends items at the end of the thread, in order, in one statement; false
   * when the thread is not in scope (e.g. deleted meanwhile).
   */
  addItems(ctx: ChatContext, threadId: string, items: TThreadItem[]): Promise<boolean>;
  /**
   * Appends the item, or, when this id is already in the thread, replaces its
   * content (an answer saved while it streams, then once more when final).
   * Safe to repeat after a failure whose outcome is unknown. False when the
   * thread is not in scope.
   */
  saveItem(ctx: ChatContext, threadId: string, item: TThreadItem): Promise<boolean>;
  /**
   * Replaces the content of items saved before, several in one statement (the
   * partial saves of streaming answers). An item that is gone is skipped.
   */
  updateItems(items: { threadId: string; item: TThreadItem }[]): Promise<void>;
  /**
   * Replaces a stored item only while it still is `expected` (compare and
   * set), so two clicks on one choice cannot both win. False when it changed
   * meanwhile or is not in scope.
   */
  replaceItemIf(ctx: ChatContext, threadId: string, item: TThreadItem, expected: TThreadItem): Promise<boolean>;
  /** Sets the thread's status (e.g. locked when it is full); null when the thread is not in scope. */
  setStatus(ctx: ChatContext, threadId: string, status: TThreadStatus): Promise<ThreadRecord | null>;
  /** A page of items; `after` naming a deleted item continues from where it was (ids encode their creation time). */
  listItems(ctx: ChatContext, threadId: string, page: PageQuery): Promise<PageResult<TThreadItem>>;
  loadItem(ctx: ChatContext, threadId: string, itemId: string): Promise<TThreadItem | null>;
  /** Deletes every item after `itemId` in the thread. */
  deleteItemsAfter(ctx: ChatContext, threadId: string, itemId: string): Promise<void>;
  /** The last `limit` items before `beforeItemId` (or the end), oldest first. */
  recentItems(ctx: ChatContext, threadId: string, limit: number, beforeItemId?: string): Promise<TThreadItem[]>;

  /** Records (or changes) feedback on items of the thread; false when any item is not in it. */
  saveFeedback(ctx: ChatContext, threadId: string, itemIds: string[], kind: 'positive' | 'negative'): Promise<boolean>;
}

export const CHAT_STORE = Symbol('CHAT_STORE');
