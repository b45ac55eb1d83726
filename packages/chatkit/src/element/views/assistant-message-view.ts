import { html, nothing, type TemplateResult } from 'lit-html';
import { guard } from 'lit-html/directives/guard.js';
import type { ChatStrings } from '../chat-strings.js';
import { copyIcon, thumbIcon } from '../icons.js';
import { markdown, markdownReady } from './markdown-loader.js';

export type FeedbackKind = 'positive' | 'negative';

export interface AssistantMessageProps {
  id: string;
  /** The text as of the last render: deltas land in the item first and show at the next frame. */
  text: string;
  strings: ChatStrings;
  /** Complete (not streaming): actions only make sense then. */
  done: boolean;
  feedback: boolean;
  retry: boolean;
  given?: FeedbackKind;
  /** Which Copy button says "Copied": the message's own (its id) or a code block's (`id#offset`). */
  copiedKey: string | null;
  onFeedback(kind: FeedbackKind): void;
  onRetry(): void;
  onCopy(key: string, text: string): void;
}

export function assistantMessageView(props: AssistantMessageProps): TemplateResult {
  const { strings } = props;
  // Markdown is parsed only when the text (or language) changed, not on every render of the list.
  const codeCopied = props.copiedKey?.startsWith(`${props.id}#`) ? props.copiedKey : null;
  const body = guard([props.text, strings, codeCopied, markdownReady()], () =>
    markdown(props.text, {
      keyPrefix: props.id,
      label: strings.copyCode,
      copiedLabel: strings.copied,
      copiedKey: codeCopied,
      onCopy: props.onCopy,
    }),
  );
  return html`<li class="msg assistant" data-item-id=${props.id}><span class="sr-only">${strings.assistantLabel}: </span><div class="bubble" dir="auto">${body}</div>${props.done ? actionsView(props) : nothing}</li>`;
}

function actionsView(props: AssistantMessageProps): TemplateResult {
  const { strings, given } = props;
  const copied = props.copiedKey === props.id;
  const copyLabel = copied ? strings.copied : strings.copy;
  return html`<div class="actions" role="group" aria-label=${strings.assistantLabel}>
    <button type="button" class="copy-message" aria-label=${copyLabel} title=${copyLabel} data-copied=${copied ? 'true' : nothing} @click=${() => props.onCopy(props.id, props.text)}>${copyIcon()}<span class="copy-state">${copied ? strings.copied : nothing}</span></button>
    ${props.feedback
      ? (['positive', 'negative'] as const).map((kind) => {
          const label = kind === 'positive' ? strings.feedbackPositive : strings.feedbackNegative;
          // One vote per answer: the API stores the last one, the UI keeps it simple.
          return html`<button type="button" class=${`feedback-${kind}`} aria-label=${label} title=${label} aria-pressed=${String(given === kind)} ?disabled=${given !== undefined} @click=${() => props.onFeedback(kind)}>${thumbIcon(kind === 'positive' ? 'up' : 'down')}</button>`;
        })
      : nothing}
    ${props.retry ? html`<button type="button" class="retry-item" aria-label=${strings.retry} title=${strings.retry} @click=${() => props.onRetry()}>↻</button>` : nothing}
  </div>`;
}
