import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type TAttachment,
  type TAttachmentCreateParams,
  type TThreadItem,
  type TWorkflowDefinition,
} from '@wfchat/contracts';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import type { ChatContext } from '../chatkit/chatkit.context.js';
import { timeId } from '../chatkit/chatkit.ids.js';
import { Clock, msToNextUtcDay } from '../quota/clock.js';
import type { TurnAttachment } from '../runtime/runtime.types.js';
import { AttachmentSigner } from './attachment-signer.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { attachmentPolicy, type AttachmentPolicy } from './attachment-policy.js';
import { isImageType } from './attachment-types.js';
import { AttachmentsRepository, type AttachmentRecord } from './attachments.repository.js';
import { checkUpload, tooLarge, unsupportedType } from './checked-upload.js';

const DAY_MS = 86_400_000;
/** Declared types browsers use for the same formats. */
const TYPE_ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

const notFound = () => Errors.notFound(ErrorCode.AttachmentNotFound, 'No such attachment.');
const disabled = () =>
  new AppError(403, ErrorCode.AttachmentsDisabled, 'This chat does not accept attachments.');

/** A stored file ready to send: its record and its bytes. */
export interface AttachmentDownload {
  record: AttachmentRecord;
  body: Readable;
}

/**
 * The rules of attachments: who may create, upload, read and delete them,
 * which types and sizes pass, and how they show up in messages and turns.
 */
@Injectable()
export class AttachmentsService {
  private readonly limits: AppConfig['attachments'];
  private readonly baseUrl: string;

  constructor(
    private readonly repo: AttachmentsRepository,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
    private readonly signer: AttachmentSigner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limits = config.attachments;
    this.baseUrl = config.publicBaseUrl;
  }

  policy(definition: TWorkflowDefinition): AttachmentPolicy | null {
    return attachmentPolicy(this.limits, definition);
  }

  /** `attachments.create`: checks what the client declares and answers where to upload. */
  async create(ctx: ChatContext, definition: TWorkflowDefinition, params: TAttachmentCreateParams): Promise<TAttachment> {
    const policy = this.policy(definition);
    if (!policy) throw disabled();
    const mimeType = normalizeType(params.mime_type);
    if (!policy.types.includes(mimeType)) throw unsupportedType(policy.types);
    if (params.size > policy.maxBytes) throw tooLarge(policy.maxBytes);
    if (params.size === 0) throw Errors.invalid('The file is empty.', [{ path: 'params.size', message: 'must be above 0' }]);
    const now = this.clock.now();
    const untilTomorrow = msToNextUtcDay(now);
    const today = new Date(now.getTime() + untilTomorrow - DAY_MS);
    if ((await this.repo.countSince(ctx, today)) >= this.limits.maxPerDay) {
      throw new AppError(
        429,
        ErrorCode.AttachmentLimitReached,
        `You can attach up to ${this.limits.maxPerDay} files a day. Try again tomorrow.`,
        { 'Retry-After': String(Math.ceil(untilTomorrow / 1000)) },
      );
    }
    const record = await this.repo.create(ctx, {
      id: timeId('atc', now),
      name: params.name,
      mimeType,
      declaredSize: params.size,
      maxSize: policy.maxBytes,
      storage: this.storage.kind,
      createdAt: now,
    });
    return this.present(record);
  }

  /**
   * Step two of the upload: streams the body into storage while checking its
   * size, and its type from its first bytes, which must be the declared one
   * (so it is also one the workflow accepts). One upload per attachment.
   */
  async upload(ctx: ChatContext, id: string, source: Readable, contentLength: number | undefined): Promise<TAttachment> {
    const record = await this.repo.find(ctx, id);
    if (!record) throw notFound();
    if (record.uploadedAt) throw Errors.conflict(ErrorCode.AttachmentAlreadyUploaded, 'This attachment is already uploaded.');
    if (contentLength !== undefined && contentLength > record.maxSize) throw tooLarge(record.maxSize);
    if (!(await this.repo.claimUpload(ctx, id))) {
      throw Errors.conflict(ErrorCode.AttachmentAlreadyUploaded, 'This attachment is already being uploaded.');
    }
    try {
      const upload = await checkUpload(source, record.maxSize, record.declaredSize);
      if (upload.type !== record.mimeType) {
        // The declared type passed the workflow's list; the bytes must be that type.
        throw new AppError(
          415,
          ErrorCode.AttachmentUnsupportedType,
          `This file's content is not ${record.mimeType} as its type says. Attach ${this.limits.allowedTypes.join(', ')} files.`,
        );
      }
      await this.storage.write(id, upload.body, record.declaredSize);
      await this.repo.markUploaded(ctx, id, upload.type, upload.bytes());
    } catch (error) {
      await this.repo.releaseUpload(ctx, id);
      throw error;
    }
    return this.present({ ...record, uploadedAt: new Date() });
  }

  /** The bytes of an uploaded attachment of this context (the chat JWT's owner). */
  async download(ctx: ChatContext, id: string): Promise<AttachmentDownload> {
    return this.open(await this.repo.find(ctx, id));
  }

  /** The bytes of an uploaded image, for a signed preview URL. */
  async preview(id: string, signature: string): Promise<AttachmentDownload> {
    if (!this.signer.verify(id, signature, this.clock.now().getTime())) throw notFound();
    const record = await this.repo.findById(id);
    if (!record || !isImageType(record.mimeType)) throw notFound();
    return this.open(record);
  }

  private async open(record: AttachmentRecord | null): Promise<AttachmentDownload> {
    if (!record?.uploadedAt) throw notFound();
    return { record, body: await this.storage.read(record.id) };
  }

  /** `attachments.delete`: only while no sent message references it (deleting the conversation deletes those). */
  async delete(ctx: ChatContext, id: string): Promise<void> {
    const record = await this.repo.find(ctx, id);
    if (!record) throw notFound();
    if (record.threadId) {
      throw Errors.conflict(ErrorCode.AttachmentInUse, 'This file was sent in a message; delete the conversation to remove it.');
    }
    if (!(await this.repo.deleteUnsent(ctx, id))) throw notFound();
    await this.storage.remove([id]);
  }

  /**
   * The attachments a new message references, checked before anything is
   * written: the workflow takes attachments, at most so many, each uploaded,
   * of this context and not in another message.
   */
  async forMessage(ctx: ChatContext, definition: TWorkflowDefinition, ids: string[]): Promise<AttachmentRecord[]> {
    if (!ids.length) return [];
    const policy = this.policy(definition);
    if (!policy) throw disabled();
    const unique = [...new Set(ids)];
    if (unique.length > policy.maxPerMessage) {
      throw Errors.invalid(`A message can carry at most ${policy.maxPerMessage} files.`, [
        { path: 'params.input.attachments', message: `at most ${policy.maxPerMessage}` },
      ]);
    }
    const records = await this.repo.findMany(ctx, unique);
    const byId = new Map(records.map((r) => [r.id, r]));
    const ordered = unique.map((id) => byId.get(id));
    if (ordered.some((r) => !r || r.threadId)) throw notFound();
    if (ordered.some((r) => !r!.uploadedAt)) {
      throw Errors.conflict(ErrorCode.AttachmentNotUploaded, 'Wait until every file is uploaded before sending.');
    }
    return ordered as AttachmentRecord[];
  }

  /** Ties the message's attachments to its thread; false when one was taken meanwhile. */
  attachToThread(ctx: ChatContext, records: AttachmentRecord[], threadId: string): Promise<boolean> {
    return this.repo.attachToThread(ctx, records.map((r) => r.id), threadId);
  }

  /** An attachment as stored inside a user message (no URLs: those are signed when read). */
  stored(record: AttachmentRecord): TAttachment {
    const base = { id: record.id, name: record.name, mime_type: record.mimeType };
    return isImageType(record.mimeType) ? { ...base, type: 'image', preview_url: '' } : { ...base, type: 'file' };
  }

  /** Items as sent to their owner: image attachments get fresh signed preview URLs. */
  presentItems<T extends TThreadItem>(items: T[]): T[] {
    return items.map((item) =>
      item.type === 'user_message' && item.attachments.length
        ? { ...item, attachments: item.attachments.map((a) => this.withPreview(a)) }
        : item,
    );
  }

  private present(record: AttachmentRecord): TAttachment {
    const attachment = this.withPreview(this.stored(record));
    return record.uploadedAt ? attachment : { ...attachment, upload_url: this.contentUrl(record.id) };
  }

  private withPreview(attachment: TAttachment): TAttachment {
    if (attachment.type !== 'image') return attachment;
    const sig = this.signer.sign(attachment.id, this.clock.now().getTime());
    return { ...attachment, preview_url: `${this.baseUrl}/api/chatkit/attachments/${attachment.id}/preview?sig=${sig}` };
  }

  private contentUrl(id: string): string {
    return `${this.baseUrl}/api/chatkit/attachments/${id}/content`;
  }

  /**
   * What a turn's steps receive: images as data URLs and text as text
   * (capped), read from storage one file at a time. PDFs go by name only.
   */
  async forTurn(attachments: TAttachment[]): Promise<TurnAttachment[]> {
    const out: TurnAttachment[] = [];
    for (const attachment of attachments) {
      const base = { id: attachment.id, name: attachment.name, mimeType: attachment.mime_type, url: this.contentUrl(attachment.id) };
      if (attachment.type === 'image') {
        const bytes = await readAll(await this.storage.read(attachment.id), this.limits.maxFileBytes);
        out.push({ ...base, kind: 'image', dataUrl: `data:${attachment.mime_type};base64,${bytes.toString('base64')}` });
      } else if (attachment.mime_type === 'text/plain') {
        // A UTF-8 character is at most 4 bytes: this many bytes hold the cap.
        const bytes = await readAll(await this.storage.read(attachment.id), this.limits.textChars * 4);
        out.push({ ...base, kind: 'text', text: bytes.toString('utf8').replace(/\uFFFD+$/, '').slice(0, this.limits.textChars) });
      } else {
        out.push({ ...base, kind: 'file' });
      }
    }
    return out;
  }
}

function normalizeType(declared: string): string {
  const type = declared.split(';', 1)[0]!.trim().toLowerCase();
  return TYPE_ALIASES[type] ?? type;
}

/** Reads at most `max` bytes of a stream, then stops reading it. */
async function readAll(stream: Readable, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    parts.push(buf);
    total += buf.length;
    if (total >= max) break;
  }
  stream.destroy();
  return Buffer.concat(parts, total).subarray(0, max);
}
