import { ChatKitHttpError, toHttpError, type UploadInit } from '../protocol/chatkit-client.js';
import type { Attachment } from '../protocol/protocol.types.js';
import { type AttachmentsOption, DEFAULT_MAX_COUNT, formatBytes, maxSizeFor, rejectReason } from './attachment-rules.js';
import type { AttachmentStrings } from './attachment-strings.js';
import { type ChatStrings, fill } from './chat-strings.js';

/** A file in the composer, from the moment it is picked until its message is sent. */
export interface Draft {
  key: string;
  name: string;
  mime: string;
  /** `uploading` → `ready`; `failed` when the server refused it or the upload broke. */
  status: 'uploading' | 'ready' | 'failed';
  /** 0..1, or null while the size of what is sent is unknown. */
  progress: number | null;
  /** A local object URL for images, so the preview shows before any upload. */
  previewUrl: string | null;
  attachment: Attachment | null;
  /** What went wrong and what to do, in the chat's language. */
  error: string | null;
}

export interface DraftsHost {
  option(): AttachmentsOption;
  /** The chat's labels, attachment ones included (withAttachmentStrings). */
  strings(): ChatStrings & AttachmentStrings;
  locale(): string | undefined;
  create(params: { name: string; size: number; mime_type: string }): Promise<Attachment>;
  /** The host's `api.fetch` (it adds auth); the bytes go through it too. */
  fetch(): typeof fetch;
  remove(attachmentId: string): Promise<unknown>;
  changed(): void;
  announce(text: string): void;
}

let nextKey = 0;

/**
 * The attachments of the message being written: checks each file against the
 * composer's limits, runs the two-phase upload (`attachments.create`, then the
 * bytes) with progress, and deletes what the visitor takes back. The typed
 * text is never touched: a refused file is a message beside it, not a reset.
 */
export class AttachmentDrafts {
  private list: Draft[] = [];
  private readonly aborts = new Map<string, AbortController>();

  constructor(private readonly host: DraftsHost) {}

  get drafts(): readonly Draft[] {
    return this.list;
  }

  get uploading(): boolean {
    return this.list.some((draft) => draft.status === 'uploading');
  }

  /** Ids of the uploaded files, in the order they were added. */
  readyIds(): string[] {
    return this.list.flatMap((draft) => (draft.status === 'ready' && draft.attachment ? [draft.attachment.id] : []));
  }

  add(files: Iterable<File>): void {
    const option = this.host.option();
    const strings = this.host.strings();
    const maxCount = option.maxCount ?? DEFAULT_MAX_COUNT;
    for (const file of files) {
      const name = file.name || 'file';
      const reason = rejectReason({ name, type: file.type, size: file.size }, option);
      const taken = this.list.filter((draft) => draft.status !== 'failed').length;
      let error: string | null = null;
      if (reason === 'unsupportedType') error = fill(strings.attachmentUnsupportedType, { name });
      else if (reason === 'tooLarge') {
        error = fill(strings.attachmentTooLarge, { name, size: formatBytes(maxSizeFor(file.type, option.maxSize), this.host.locale()) });
      } else if (taken >= maxCount) error = fill(strings.attachmentTooMany, { count: String(maxCount) });
      const draft: Draft = {
        key: `att${(nextKey += 1)}`,
        name,
        mime: file.type,
        status: error ? 'failed' : 'uploading',
        progress: error ? null : 0,
        previewUrl: !error && file.type.startsWith('image/') ? objectUrl(file) : null,
        attachment: null,
        error,
      };
      this.list = [...this.list, draft];
      if (error) this.host.announce(error);
      else void this.upload(draft, file);
    }
    this.host.changed();
  }

  /** Takes a file back: stops its upload and deletes what the server already has. */
  remove(key: string): void {
    const draft = this.list.find((candidate) => candidate.key === key);
    if (!draft) return;
    this.list = this.list.filter((candidate) => candidate !== draft);
    this.aborts.get(key)?.abort();
    this.aborts.delete(key);
    revoke(draft);
    // Unsent uploads also expire on the server; deleting now is a courtesy, so a failure is ignored.
    if (draft.attachment) void this.host.remove(draft.attachment.id).catch(() => undefined);
    this.host.announce(fill(this.host.strings().attachmentRemoved, { name: draft.name }));
    this.host.changed();
  }

  /** The uploaded drafts, handed to a message being sent; refused ones stay so their error stays readable. */
  take(): Draft[] {
    const sent = this.list.filter((draft) => draft.status === 'ready');
    this.list = this.list.filter((draft) => draft.status !== 'ready');
    return sent;
  }

  /** A message that did not go out gives its files back. */
  restore(drafts: Draft[]): void {
    this.list = [...drafts, ...this.list];
    this.host.changed();
  }

  /** Frees the local previews of drafts that were sent (the server's preview URL shows them from now on). */
  release(drafts: Draft[]): void {
    drafts.forEach(revoke);
  }

  private async upload(draft: Draft, file: File): Promise<void> {
    const controller = new AbortController();
    this.aborts.set(draft.key, controller);
    const strings = this.host.strings();
    try {
      const attachment = await this.host.create({ name: draft.name, size: file.size, mime_type: file.type || 'application/octet-stream' });
      draft.attachment = attachment;
      if (controller.signal.aborted) {
        // Removed while being created: nothing refers to it any more.
        void this.host.remove(attachment.id).catch(() => undefined);
        return;
      }
      if (attachment.upload_url) {
        // Two-phase upload, step two: the raw bytes, with progress when the fetch can report it (progress-fetch).
        const init: UploadInit = {
          method: 'PUT',
          headers: { 'Content-Type': file.type || 'application/octet-stream' },
          body: file,
          signal: controller.signal,
          onUploadProgress: (loaded, total) => this.update(draft, { progress: total > 0 ? Math.min(1, loaded / total) : null }),
        };
        const response = await this.host.fetch()(attachment.upload_url, init);
        if (!response.ok) throw await toHttpError(response);
      }
      this.update(draft, { status: 'ready', progress: 1 });
      this.host.announce(fill(strings.attachmentAttached, { name: draft.name }));
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = this.failure(error, draft.name, file.type);
      this.update(draft, { status: 'failed', progress: null, error: message });
      this.host.announce(message);
    } finally {
      this.aborts.delete(draft.key);
    }
  }

  /** The server has the last word on size and type (it sniffs the bytes): its refusals read like ours. */
  private failure(error: unknown, name: string, mime: string): string {
    const strings = this.host.strings();
    const code = error instanceof ChatKitHttpError ? error.code : '';
    const status = error instanceof ChatKitHttpError ? error.status : 0;
    if (code === 'attachment.too_large' || status === 413) {
      return fill(strings.attachmentTooLarge, { name, size: formatBytes(maxSizeFor(mime, this.host.option().maxSize), this.host.locale()) });
    }
    if (code === 'attachment.unsupported_type' || status === 415) return fill(strings.attachmentUnsupportedType, { name });
    // Other refusals (a daily limit...) carry a readable message of their own.
    if (status >= 400 && status < 500 && error instanceof Error && error.message) return `${name}: ${error.message}`;
    return fill(strings.attachmentUploadFailed, { name });
  }

  private update(draft: Draft, patch: Partial<Draft>): void {
    Object.assign(draft, patch);
    if (this.list.includes(draft)) this.host.changed();
  }
}

function objectUrl(file: File): string | null {
  return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null;
}

function revoke(draft: Draft): void {
  if (draft.previewUrl && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(draft.previewUrl);
}
