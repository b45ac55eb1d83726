import { nothing, type TemplateResult } from 'lit-html';
import type { Attachment } from '../protocol/protocol.types.js';
import { AttachmentDrafts, type DraftsHost } from './attachment-drafts.js';
import { acceptAttribute } from './attachment-rules.js';
import { withAttachmentStrings } from './attachment-strings.js';
import type { ChatStrings } from './chat-strings.js';
import { attachButtonView } from './views/attach-button-view.js';
import { attachmentTrayView } from './views/attachment-tray-view.js';
import { type AttachmentFace, attachmentFace, messageAttachmentsView } from './views/attachment-view.js';

export interface ComposerFilesHost extends Omit<DraftsHost, 'strings'> {
  /** The chat's labels; missing attachment ones fall back to English. */
  strings(): ChatStrings;
  /** The thread takes no messages (locked or closed) or an answer is streaming. */
  disabled(): boolean;
  focusInput(): void;
}

/**
 * Everything the element does with files, in the lazily loaded chunk so that
 * chats without attachments never download it: the drafts, their views, the
 * picker, drag and drop, paste, and the attachments of sent messages.
 */
export class ComposerFiles extends AttachmentDrafts {
  private dropping = false;

  constructor(private readonly chat: ComposerFilesHost) {
    super({ ...chat, strings: () => withAttachmentStrings(chat.strings()) });
  }

  /** The composer's part: attach button, tray and drop hint; null when attachments are off. */
  composer(): { button: TemplateResult; tray: TemplateResult | typeof nothing; dropping: boolean } | null {
    const option = this.chat.option();
    if (!option.enabled) return null;
    const strings = withAttachmentStrings(this.chat.strings());
    return {
      button: attachButtonView(acceptAttribute(option.accept), this.chat.disabled(), strings, (files) => this.attach(files)),
      tray: attachmentTrayView(this.drafts, strings, (key) => {
        this.remove(key);
        // The removed button is gone: keep keyboard users in the composer.
        this.chat.focusInput();
      }),
      dropping: this.dropping,
    };
  }

  /** A message's files (sent ones, or a pending message's drafts): thumbnails or chips. */
  messageView(attachments: (Attachment | AttachmentFace)[]): TemplateResult | typeof nothing {
    if (attachments.length === 0) return nothing;
    const faces = attachments.map((attachment) => ('type' in attachment ? attachmentFace(attachment) : attachment));
    return messageAttachmentsView(faces, withAttachmentStrings(this.chat.strings()).attachmentsLabel);
  }

  stillUploadingMessage(): string {
    return withAttachmentStrings(this.chat.strings()).attachmentsStillUploading;
  }

  /** Pasted files (screenshots) are attached; pasted text goes into the textarea as usual. */
  paste(event: ClipboardEvent): void {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    this.attach(files);
  }

  /** Dragging files over the chat shows where they go; dropping attaches them. */
  drag(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    if (event.type === 'dragleave' && event.relatedTarget && (event.currentTarget as Node).contains(event.relatedTarget as Node)) return;
    if (event.type === 'drop') this.attach(Array.from(event.dataTransfer.files));
    const dropping = event.type === 'dragenter' || event.type === 'dragover';
    if (dropping !== this.dropping) {
      this.dropping = dropping;
      this.chat.changed();
    }
  }

  private attach(files: File[]): void {
    if (this.chat.option().enabled && !this.chat.disabled() && files.length) this.add(files);
  }
}
