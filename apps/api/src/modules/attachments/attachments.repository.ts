import { Injectable } from '@nestjs/common';
import { PrismaClient } from '../../generated/prisma/client.js';
import type { ChatContext } from '../chatkit/chatkit.context.js';

/** An attachment as stored (its bytes are in the AttachmentStorage). */
export interface AttachmentRecord {
  id: string;
  name: string;
  mimeType: string;
  declaredSize: number;
  maxSize: number;
  size: number | null;
  storage: string;
  uploadedAt: Date | null;
  threadId: string | null;
  createdAt: Date;
}

const select = {
  id: true,
  name: true,
  mimeType: true,
  declaredSize: true,
  maxSize: true,
  size: true,
  storage: true,
  uploadedAt: true,
  threadId: true,
  createdAt: true,
} as const;

const scope = (ctx: ChatContext) => ({ workflowId: ctx.workflowId, principal: ctx.principal, mode: ctx.mode });

/**
 * Attachment rows; the only attachments code that touches Prisma. Every read
 * and write takes the chat context and is scoped by it, like threads: an
 * attachment of another workflow, principal or mode behaves as a missing one.
 */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(
    ctx: ChatContext,
    record: Pick<AttachmentRecord, 'id' | 'name' | 'mimeType' | 'declaredSize' | 'maxSize' | 'storage' | 'createdAt'>,
  ): Promise<AttachmentRecord> {
    return this.prisma.chatAttachment.create({ data: { ...record, ...scope(ctx) }, select });
  }

  find(ctx: ChatContext, id: string): Promise<AttachmentRecord | null> {
    return this.prisma.chatAttachment.findFirst({ where: { id, ...scope(ctx) }, select });
  }

  /** Any principal's attachment, for a download authorised by a signed URL. */
  findById(id: string): Promise<AttachmentRecord | null> {
    return this.prisma.chatAttachment.findUnique({ where: { id }, select });
  }

  findMany(ctx: ChatContext, ids: string[]): Promise<AttachmentRecord[]> {
    return this.prisma.chatAttachment.findMany({ where: { id: { in: ids }, ...scope(ctx) }, select });
  }

  /** Records the upload; false when it was already uploaded (a concurrent upload won). */
  async markUploaded(ctx: ChatContext, id: string, mimeType: string, size: number): Promise<boolean> {
    const { count } = await this.prisma.chatAttachment.updateMany({
      where: { id, ...scope(ctx), uploadedAt: null },
      data: { mimeType, size, uploadedAt: new Date() },
    });
    return count === 1;
  }

  /** Takes an upload slot: false when another upload of the same attachment is under way or done. */
  async claimUpload(ctx: ChatContext, id: string): Promise<boolean> {
    const { count } = await this.prisma.chatAttachment.updateMany({
      where: { id, ...scope(ctx), uploadedAt: null, size: null },
      data: { size: -1 },
    });
    return count === 1;
  }

  async releaseUpload(ctx: ChatContext, id: string): Promise<void> {
    await this.prisma.chatAttachment.updateMany({ where: { id, ...scope(ctx), uploadedAt: null }, data: { size: null } });
  }

  /** Deletes an attachment no message references yet; false when there is none such. */
  async deleteUnsent(ctx: ChatContext, id: string): Promise<boolean> {
    const { count } = await this.prisma.chatAttachment.deleteMany({ where: { id, ...scope(ctx), threadId: null } });
    return count === 1;
  }

  /**
   * Ties uploaded, not yet sent attachments to the thread of the message that
   * references them; all or nothing (false when any was taken meanwhile).
   */
  async attachToThread(ctx: ChatContext, ids: string[], threadId: string): Promise<boolean> {
    if (!ids.length) return true;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.chatAttachment.updateMany({
        where: { id: { in: ids }, ...scope(ctx), threadId: null, uploadedAt: { not: null } },
        data: { threadId },
      });
      if (count !== ids.length) throw new ClaimLost();
      return true;
    }).catch((error: unknown) => {
      if (error instanceof ClaimLost) return false;
      throw error;
    });
  }

  /** How many attachments this visitor created since `since` (the daily cap). */
  countSince(ctx: ChatContext, since: Date): Promise<number> {
    return this.prisma.chatAttachment.count({ where: { ...scope(ctx), createdAt: { gte: since } } });
  }

  /** Up to `batch` attachments no message references, created before `before`. */
  async unreferencedBefore(before: Date, batch: number): Promise<{ id: string; storage: string }[]> {
    return this.prisma.chatAttachment.findMany({
      where: { threadId: null, createdAt: { lt: before } },
      select: { id: true, storage: true },
      orderBy: { createdAt: 'asc' },
      take: batch,
    });
  }

  /** Deletes these rows if still unreferenced (a message may have taken one meanwhile); the ids deleted. */
  async deleteUnreferenced(ids: string[]): Promise<string[]> {
    await this.prisma.chatAttachment.deleteMany({ where: { id: { in: ids }, threadId: null } });
    const kept = await this.prisma.chatAttachment.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const keptIds = new Set(kept.map((k) => k.id));
    return ids.filter((id) => !keptIds.has(id));
  }

  /** Up to `batch` S3 objects whose rows were deleted (noted by a trigger, whatever deleted them). */
  async orphans(batch: number): Promise<string[]> {
    const rows = await this.prisma.chatAttachmentOrphan.findMany({ select: { id: true }, orderBy: { deletedAt: 'asc' }, take: batch });
    return rows.map((r) => r.id);
  }

  /** Forgets these notes once their objects are gone. */
  async forgetOrphans(ids: string[]): Promise<void> {
    await this.prisma.chatAttachmentOrphan.deleteMany({ where: { id: { in: ids } } });
  }
}

class ClaimLost extends Error {}
