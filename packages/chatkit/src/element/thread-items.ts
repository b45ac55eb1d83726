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

/**
 * Applies the widget and workflow updates of `thread.item.updated` in place:
 * a widget's new root, a workflow task added or changed. Returns false for
 * updates this element does not render (it shows the item when it is done).
 */
export function applyItemUpdate(item: ThreadItem, update: { type: string; [key: string]: unknown }): boolean {
  const target = item as ThreadItem & { widget?: unknown; workflow?: { tasks?: unknown[] } };
  switch (update.type) {
    case 'widget.root.updated':
      if (item.type !== 'widget' || typeof update.widget !== 'object' || update.widget === null) return false;
      target.widget = update.widget;
      return true;
    case 'workflow.task.added':
    case 'workflow.task.updated': {
      const index = update.task_index;
      if (item.type !== 'workflow' || !target.workflow || typeof index !== 'number' || index < 0) return false;
      const tasks = Array.isArray(target.workflow.tasks) ? [...target.workflow.tasks] : [];
      // An index past the end appends rather than leave holes.
      tasks[Math.min(index, tasks.length)] = update.task;
      target.workflow = { ...target.workflow, tasks };
      return true;
    }
    default:
      return false;
  }
}
