import { html, nothing, type TemplateResult } from 'lit-html';
import type { ChatStrings } from '../chat-strings.js';
import type { AttachmentStrings } from '../attachment-strings.js';
import { svg } from 'lit-html';
import { icon } from '../icons.js';

/** A paper clip. */
const clipIcon = () => icon(svg`<path d="M20 11.5l-8.2 8.2a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8"></path>`);

/** A real button (keyboard, screen readers) that opens a hidden file input; picked files go to `onFiles`. */
export function attachButtonView(accept: string | undefined, disabled: boolean, strings: ChatStrings & AttachmentStrings, onFiles: (files: File[]) => void): TemplateResult {
  const pick = (event: Event) => ((event.currentTarget as HTMLElement).nextElementSibling as HTMLInputElement).click();
  const picked = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    onFiles(Array.from(input.files ?? []));
    input.value = ''; // the same file can be picked again after removing it
  };
  return html`<button type="button" class="icon attach" aria-label=${strings.attach} title=${strings.attach} ?disabled=${disabled} @click=${pick}>${clipIcon()}</button><input type="file" class="file-input" multiple accept=${accept ?? nothing} hidden tabindex="-1" @change=${picked}>`;
}
