import { html, nothing, type TemplateResult } from 'lit-html';
import type { ChatStrings } from '../chat-strings.js';

/**
 * A user's own words: plain text, never Markdown, never HTML. `id` is absent
 * while unconfirmed; `attachments` comes from attachment-view (a lazy chunk).
 */
export function userMessageView(text: string, strings: ChatStrings, id?: string, attachments: TemplateResult | typeof nothing = nothing): TemplateResult {
  return html`<li class=${id ? 'msg user' : 'msg user pending'} data-item-id=${id ?? nothing}><span class="sr-only">${strings.userLabel}: </span>${attachments}${text ? html`<div class="bubble" dir="auto">${text}</div>` : nothing}</li>`;
}
