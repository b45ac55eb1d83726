import type { AssistantMessageItem, ThreadItem, UserMessageItem } from '../protocol/protocol.types.js';

export function userText(item: UserMessageItem): string {
  return item.content.map((part) => part.text).join('');
}

export function assistantText(item: AssistantMessageItem): string {
  return item.content.map((part) => part.text ?? '').join('\n\n');
}

export function isUserMessage(item: ThreadItem): item is UserMessageItem {
  return item.type === 'user_message' && Array.isArray((item as UserMessageItem).content);
}

export function isAssistantMessage(item: ThreadItem): item is AssistantMessageItem {
  return item.type === 'assistant_message' && Array.isArray((item as AssistantMessageItem).content);
}

/** Applies a `thread.item.updated` delta to an assistant message in place. Returns false for updates we don't render. */
export function applyAssistantUpdate(
  item: AssistantMessageItem,
  update: { type: string; [key: string]: unknown },
): boolean {
  const index = typeof update.content_index === 'number' ? update.content_index : 0;
  switch (update.type) {
    case 'assistant_message.content_part.added':
    case 'assistant_message.content_part.done': {
      const content = update.content as { text?: unknown } | undefined;
      item.content[index] = {
        type: 'output_text',
        text: typeof content?.text === 'string' ? content.text : '',
        annotations: [],
      };
      return true;
    }
    case 'assistant_message.content_part.text_delta': {
      const part = item.content[index] ?? { type: 'output_text', text: '', annotations: [] };
      part.text += typeof update.delta === 'string' ? update.delta : '';
      item.content[index] = part;
      return true;
    }
    default:
      return false;
  }
}
