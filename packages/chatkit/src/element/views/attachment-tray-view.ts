import { html, nothing, type TemplateResult } from 'lit-html';
import type { Draft } from '../attachment-drafts.js';
import type { AttachmentStrings } from '../attachment-strings.js';
import { type ChatStrings, fill } from '../chat-strings.js';
import { attachmentView } from './attachment-view.js';

/** The files of the message being written: preview or chip, upload progress, a remove button, and why a file was refused. */
export function attachmentTrayView(drafts: readonly Draft[], strings: ChatStrings & AttachmentStrings, onRemove: (key: string) => void): TemplateResult | typeof nothing {
  if (drafts.length === 0) return nothing;
  return html`<ul class="att-tray" aria-label=${strings.attachmentsLabel}>${drafts.map((draft) => draftView(draft, strings, onRemove))}</ul>`;
}

function draftView(draft: Draft, strings: ChatStrings & AttachmentStrings, onRemove: (key: string) => void): TemplateResult {
  const failed = draft.status === 'failed';
  return html`<li class="att draft" data-status=${draft.status} data-key=${draft.key}>
    <div class="att-body">${failed ? html`<span class="att-file">${draft.name}</span>` : attachmentView({ name: draft.name, previewUrl: draft.previewUrl })}<button type="button" class="icon att-remove" aria-label=${fill(strings.removeAttachment, { name: draft.name })} title=${fill(strings.removeAttachment, { name: draft.name })} @click=${() => onRemove(draft.key)}>×</button></div>
    ${draft.status === 'uploading' ? html`<progress class="att-progress" max="1" value=${draft.progress ?? nothing} aria-label=${fill(strings.attachmentUploading, { name: draft.name })}></progress>` : nothing}
    ${failed ? html`<p class="att-error" role="alert">${draft.error}</p>` : nothing}
  </li>`;
}
