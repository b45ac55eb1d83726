import type { TThreadItem } from '@wfchat/contracts';

/** The columns of a stored `ChatItem` that make up its protocol JSON. */
export interface StoredItemRow {
  id: string;
  threadId: string;
  type: string;
  data: unknown;
  createdAt: Date;
}

/** Items are stored as their protocol JSON without the columns (id, thread, time, type). */
export function itemFromRow(row: StoredItemRow): TThreadItem {
  return {
    ...(row.data as object),
    id: row.id,
    thread_id: row.threadId,
    created_at: row.createdAt.toISOString(),
    type: row.type,
  } as TThreadItem;
}

/** The `data` column of an item: its JSON without what the columns hold. */
export function itemData(item: TThreadItem): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, thread_id, created_at, type, ...data } = item;
  return JSON.stringify(data);
}
