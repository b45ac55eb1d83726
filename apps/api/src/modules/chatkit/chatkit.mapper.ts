import {
  CHATKIT_LIMITS,
  type TAssistantMessageItem,
  type TAttachment,
  type TPage,
  type TThread,
  type TThreadItem,
  type TUserMessageInput,
  type TUserMessageItem,
} from '@wfchat/contracts';
import { timeId } from './chatkit.ids.js';
import type { PageResult, ThreadRecord } from './chatkit.store.js';

const EMPTY_PAGE: TPage<TThreadItem> = { data: [], has_more: false };

/** A stored thread as the protocol's `Thread` (metadata never leaves the server). */
export function toThread(thread: ThreadRecord, items: TPage<TThreadItem> = EMPTY_PAGE): TThread {
  return {
    id: thread.id,
    ...(thread.title ? { title: thread.title } : {}),
    created_at: thread.createdAt.toISOString(),
    status: thread.status,
    metadata: {},
    items,
  };
}

/** `after` is the id of the last record returned, only when there is more. */
export function toPage<T extends { id: string }>(page: PageResult<T>): TPage<T> {
  const last = page.data.at(-1);
  return { data: page.data, has_more: page.hasMore, ...(page.hasMore && last ? { after: last.id } : {}) };
}

/** Nulls from the input are dropped: the wire omits null fields. */
export function userMessageItem(
  threadId: string,
  input: TUserMessageInput,
  at = new Date(),
  attachments: TAttachment[] = [],
): TUserMessageItem {
  const tool = input.inference_options.tool_choice;
  const model = input.inference_options.model;
  return {
    id: timeId('msg', at),
    thread_id: threadId,
    created_at: at.toISOString(),
    type: 'user_message',
    content: input.content.map((part) =>
      part.type === 'input_text'
        ? { type: 'input_text', text: part.text }
        : {
            type: 'input_tag',
            id: part.id,
            text: part.text,
            ...(part.data ? { data: part.data } : {}),
            ...(part.group != null ? { group: part.group } : {}),
            ...(part.interactive !== undefined ? { interactive: part.interactive } : {}),
          },
    ),
    attachments,
    ...(input.quoted_text ? { quoted_text: input.quoted_text } : {}),
    inference_options: { ...(tool ? { tool_choice: { id: tool.id } } : {}), ...(model ? { model } : {}) },
  };
}

export function assistantMessageItem(threadId: string, text: string | null, at = new Date()): TAssistantMessageItem {
  return {
    id: timeId('msg', at),
    thread_id: threadId,
    created_at: at.toISOString(),
    type: 'assistant_message',
    content: text === null ? [] : [{ type: 'output_text', text, annotations: [] }],
  };
}

/** The text of a message item, for the runtime's history. */
export function itemText(item: TThreadItem): string {
  return item.content.map((part) => part.text).join(item.type === 'user_message' ? ' ' : '');
}

/** A title from the first message: one line, at most 60 characters. */
export function deriveTitle(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  const max = CHATKIT_LIMITS.derivedTitleChars;
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
