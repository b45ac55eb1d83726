import type { ChatStrings } from './chat-strings.js';
import { h } from './dom.js';
import { renderMarkdown } from './markdown.js';
import type { AssistantMessageItem, ThreadItem, UserMessageItem } from '../protocol/protocol.types.js';
import { thumbIcon } from './icons.js';

export type FeedbackKind = 'positive' | 'negative';

export interface AssistantActions {
  /** Item is complete (not streaming): actions only make sense then. */
  done: boolean;
  feedback: boolean;
  retry: boolean;
  given?: FeedbackKind;
  onFeedback(kind: FeedbackKind): void;
  onRetry(): void;
}

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

/** A user's own words: plain text, never Markdown, never HTML. */
export function renderUserMessage(doc: Document, text: string, strings: ChatStrings, id?: string): HTMLLIElement {
  return h(
    doc,
    'li',
    { class: id ? 'msg user' : 'msg user pending', 'data-item-id': id },
    h(doc, 'span', { class: 'sr-only' }, `${strings.userLabel}: `),
    h(doc, 'div', { class: 'bubble' }, text),
  );
}

export function renderAssistantMessage(
  doc: Document,
  item: AssistantMessageItem,
  strings: ChatStrings,
  actions: AssistantActions,
): HTMLLIElement {
  const bubble = h(doc, 'div', { class: 'bubble' });
  bubble.appendChild(renderMarkdown(assistantText(item), doc));
  const li = h(
    doc,
    'li',
    { class: 'msg assistant', 'data-item-id': item.id },
    h(doc, 'span', { class: 'sr-only' }, `${strings.assistantLabel}: `),
    bubble,
  );
  if (actions.done && (actions.feedback || actions.retry)) {
    const bar = h(doc, 'div', { class: 'actions', role: 'group', 'aria-label': strings.assistantLabel });
    if (actions.feedback) {
      for (const [kind, label, direction] of [
        ['positive', strings.feedbackPositive, 'up'],
        ['negative', strings.feedbackNegative, 'down'],
      ] as const) {
        const button = h(
          doc,
          'button',
          {
            type: 'button',
            class: `feedback-${kind}`,
            'aria-label': label,
            title: label,
            'aria-pressed': String(actions.given === kind),
          },
          thumbIcon(doc, direction),
        );
        // One vote per answer: the API stores the last one, the UI keeps it simple.
        if (actions.given) button.disabled = true;
        button.addEventListener('click', () => actions.onFeedback(kind));
        bar.appendChild(button);
      }
    }
    if (actions.retry) {
      const button = h(
        doc,
        'button',
        { type: 'button', class: 'retry-item', 'aria-label': strings.retry, title: strings.retry },
        '↻',
      );
      button.addEventListener('click', () => actions.onRetry());
      bar.appendChild(button);
    }
    li.appendChild(bar);
  }
  return li;
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
