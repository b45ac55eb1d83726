import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { renderMarkdown } from '../markdown.js';

/** Assistant text as Markdown. */
export function markdownView(text: string): TemplateResult {
  return html`${renderMarkdown(text, document)}`;
}
