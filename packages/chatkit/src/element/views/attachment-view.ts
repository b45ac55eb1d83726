import { html, nothing, type TemplateResult } from 'lit-html';
import type { Attachment } from '../../protocol/protocol.types.js';
import { svg } from 'lit-html';
import { icon } from '../icons.js';

/** A sheet with a folded corner. */
const fileIcon = () => icon(svg`<path d="M6 2h8l5 5v15H6z M14 2v5h5"></path>`);

/** What an attachment shows: a thumbnail when there is an image to show, else a file chip. */
export interface AttachmentFace {
  name: string;
  /** An image's preview (the server's `preview_url`, or a local object URL before it is sent). */
  previewUrl: string | null;
}

export function attachmentFace(attachment: Attachment): AttachmentFace {
  return { name: attachment.name, previewUrl: attachment.type === 'image' ? attachment.preview_url : null };
}

/** One attachment: the image itself (its name is the alt text) or an icon and the name. */
export function attachmentView(face: AttachmentFace): TemplateResult {
  return face.previewUrl
    ? html`<img class="att-thumb" src=${face.previewUrl} alt=${face.name} loading="lazy" decoding="async">`
    : html`<span class="att-file">${fileIcon()}<span class="att-name">${face.name}</span></span>`;
}

/** A user message's attachments, above its text. */
export function messageAttachmentsView(faces: AttachmentFace[], label: string): TemplateResult | typeof nothing {
  if (faces.length === 0) return nothing;
  return html`<ul class="att-list" aria-label=${label}>${faces.map((face) => html`<li class="att">${attachmentView(face)}</li>`)}</ul>`;
}
