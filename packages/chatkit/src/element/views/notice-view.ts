import { html, nothing, type TemplateResult } from 'lit-html';
import { markdown } from './markdown-loader.js';

export interface Notice {
  level: 'info' | 'warning' | 'danger';
  message: string;
  title?: string;
}

/** A `notice` event: the message is Markdown; danger interrupts, the rest waits its turn. */
export function noticeView(notice: Notice): TemplateResult {
  return html`<div class="notice" data-level=${notice.level} role=${notice.level === 'danger' ? 'alert' : 'status'}>${notice.title ? html`<strong>${notice.title}</strong>` : nothing}<div class="notice-body">${markdown(notice.message)}</div></div>`;
}
