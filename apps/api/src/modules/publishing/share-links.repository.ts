import { Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { AuditRecord } from './publishing.repository.js';

export type ShareLinkRecord = Prisma.ShareLinkGetPayload<object>;

/** A new link's row: its token is already hashed. */
export interface NewShareLink {
  id: string;
  workflowId: string;
  label: string;
  kind: 'link' | 'embed';
  tokenHash: string;
  tokenHint: string;
  allowedOrigins: string[];
}

/** The workflow a link belongs to, as the caller saw it: a change applies only while it still holds. */
export interface LinkOwner {
  workflowId: string;
  publishGeneration: number;
}

/** A link used at most this often counts one write of `lastUsedAt`. */
const TOUCH_EVERY_MS = 60_000;

const byAge = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ShareLinkOrderByWithRelationInput[];

/** Share links: the only code that touches their rows. Every change is written with its audit events. */
@Injectable()
export class ShareLinksRepository {
  constructor(private readonly prisma: PrismaClient) {}

  list(workflowId: string): Promise<ShareLinkRecord[]> {
    return this.prisma.shareLink.findMany({ where: { workflowId }, orderBy: byAge });
  }

  /** The first link: the one `publish/rotate` rotates and the workflow's `tokenHint` shows. */
  first(workflowId: string): Promise<ShareLinkRecord | null> {
    return this.prisma.shareLink.findFirst({ where: { workflowId }, orderBy: byAge });
  }

  find(workflowId: string, linkId: string): Promise<ShareLinkRecord | null> {
    return this.prisma.shareLink.findFirst({ where: { id: linkId, workflowId } });
  }

  findByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null> {
    return this.prisma.shareLink.findUnique({ where: { tokenHash } });
  }

  /**
   * Adds a link while the workflow is still published as the caller saw it
   * and has room for one more. The workflow row is locked, so a concurrent
   * revoke either runs first (and this finds it unpublished) or after (and
   * deletes this link with the others). Null when the workflow moved on;
   * 'full' when it already has `max` links.
   */
  async create(
    owner: LinkOwner,
    link: NewShareLink,
    max: number,
    audit: AuditRecord,
  ): Promise<ShareLinkRecord | null | 'full'> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<unknown[]>`
        SELECT 1 FROM "Workflow"
        WHERE "id" = ${owner.workflowId} AND "isPublic" AND "publishGeneration" = ${owner.publishGeneration}
        FOR UPDATE`;
      if (locked.length !== 1) return null;
      if ((await tx.shareLink.count({ where: { workflowId: owner.workflowId } })) >= max) return 'full';
      const created = await tx.shareLink.create({ data: link });
      await tx.auditEvent.create({ data: audit });
      return created;
    });
  }

  /** A new token, only if nobody rotated the link in between: of two concurrent rotations one wins. */
  async rotate(
    link: Pick<ShareLinkRecord, 'id' | 'generation'>,
    token: { tokenHash: string; tokenHint: string },
    audit: AuditRecord,
  ): Promise<ShareLinkRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.shareLink.updateMany({
        where: { id: link.id, generation: link.generation },
        data: { ...token, rotatedAt: new Date(), generation: { increment: 1 } },
      });
      if (count !== 1) return null;
      await tx.auditEvent.create({ data: audit });
      return tx.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    });
  }

  async update(
    linkId: string,
    data: { label?: string; allowedOrigins?: string[] },
    audit: AuditRecord,
  ): Promise<ShareLinkRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.shareLink.updateMany({ where: { id: linkId }, data });
      if (count !== 1) return null;
      await tx.auditEvent.create({ data: audit });
      return tx.shareLink.findUniqueOrThrow({ where: { id: linkId } });
    });
  }

  async delete(linkId: string, audit: AuditRecord): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.shareLink.deleteMany({ where: { id: linkId } });
      if (count !== 1) return false;
      await tx.auditEvent.create({ data: audit });
      return true;
    });
  }

  async embedOrigins(workflowId: string): Promise<string[]> {
    const rows = await this.prisma.shareLink.findMany({
      where: { workflowId, kind: 'embed', workflow: { isPublic: true } },
      orderBy: byAge,
      select: { allowedOrigins: true },
    });
    return rows.flatMap((r) => r.allowedOrigins);
  }

  /** Records a use, at most one write a minute per link (a busy link would otherwise write on every session). */
  async touch(linkId: string): Promise<void> {
    const now = new Date();
    await this.prisma.shareLink.updateMany({
      where: {
        id: linkId,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - TOUCH_EVERY_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
}
