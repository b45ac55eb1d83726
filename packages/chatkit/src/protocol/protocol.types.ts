/**
 * The subset of the ChatKit wire protocol this element reads and writes
 * (docs: chatkit-protocol.md). Written from the protocol description; unknown
 * fields and item types are tolerated and ignored.
 */

export interface Page<T> {
  data: T[];
  has_more: boolean;
  after?: string;
}

export type ThreadStatus = { type: 'active' } | { type: 'locked'; reason?: string } | { type: 'closed'; reason?: string };

export interface Thread {
  id: string;
  title?: string;
  created_at: string;
  status?: ThreadStatus;
  metadata?: Record<string, unknown>;
  items?: Page<ThreadItem>;
}

export type UserMessageContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_tag'; id: string; text: string; data?: Record<string, unknown>; group?: string; interactive?: boolean };

export interface UserMessageInput {
  content: UserMessageContent[];
  attachments: string[];
  quoted_text?: string;
  inference_options: { tool_choice?: { id: string }; model?: string };
}

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
}

interface ItemBase {
  id: string;
  thread_id: string;
  created_at: string;
}

/** A file the visitor attached (chatkit-python `FileAttachment` / `ImageAttachment`). */
export interface AttachmentBase {
  id: string;
  name: string;
  mime_type: string;
  /** Two-phase upload: where the bytes go next; absent once uploaded. */
  upload_url?: string | null;
}

export type Attachment = (AttachmentBase & { type: 'file' }) | (AttachmentBase & { type: 'image'; preview_url: string });

export interface UserMessageItem extends ItemBase {
  type: 'user_message';
  content: UserMessageContent[];
  attachments?: Attachment[];
  quoted_text?: string;
}

export interface AssistantMessageItem extends ItemBase {
  type: 'assistant_message';
  content: OutputText[];
}

/** Widgets, workflows, tool calls...: kept so ordering and ids stay right, not rendered. */
export interface OtherItem extends ItemBase {
  type: Exclude<string, 'user_message' | 'assistant_message'>;
}

export type ThreadItem = UserMessageItem | AssistantMessageItem | OtherItem;

export type ItemUpdate =
  | { type: 'assistant_message.content_part.added'; content_index: number; content: OutputText }
  | { type: 'assistant_message.content_part.text_delta'; content_index: number; delta: string }
  | { type: 'assistant_message.content_part.done'; content_index: number; content: OutputText }
  | { type: string; [key: string]: unknown };

export type ThreadStreamEvent =
  | { type: 'thread.created'; thread: Thread }
  | { type: 'thread.updated'; thread: Thread }
  | { type: 'thread.item.added'; item: ThreadItem }
  | { type: 'thread.item.done'; item: ThreadItem }
  | { type: 'thread.item.replaced'; item: ThreadItem }
  | { type: 'thread.item.updated'; item_id: string; update: ItemUpdate }
  | { type: 'thread.item.removed'; item_id: string }
  | { type: 'stream_options'; stream_options: { allow_cancel: boolean } }
  | { type: 'progress_update'; icon?: string; text: string }
  | { type: 'client_effect'; name: string; data?: Record<string, unknown> }
  | { type: 'error'; code: string; message?: string; allow_retry: boolean }
  | { type: 'notice'; level: 'info' | 'warning' | 'danger'; message: string; title?: string };

export type StreamingOp =
  | 'threads.create'
  | 'threads.add_user_message'
  | 'threads.retry_after_item'
  | 'threads.custom_action'
  | 'threads.add_client_tool_output';

export type JsonOp =
  | 'threads.get_by_id'
  | 'threads.list'
  | 'items.list'
  | 'threads.update'
  | 'threads.delete'
  | 'items.feedback'
  | 'attachments.create'
  | 'attachments.delete';
