import { Injectable } from '@nestjs/common';
import type { TAuditAction } from '@wfchat/contracts';
import { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { workflowInclude, type WorkflowRecord } from '../workflows/workflows.repository.js';
import type { NewShareLink } from './share-links.repository.js';

/** An audit event, written in the same transaction as the change it records. */
export interface AuditRecord {
  id: string;
  workflowId: string;
  actorId: string;
  action: TAuditAction;
  tokenHint: string | null;
  details?: Prisma.InputJsonValue;
}

/** What a publish-state change does to the links: publishing creates the first, unpublishing deletes them all. */
export type LinksChange = { create: NewShareLink } | { deleteAll: true };

/** Where a publish-state change applies: only while the state is still what the caller saw. */
export interface PublishPrecondition {
  id: string;
  ownerId: string;
  isPublic: boolean;
  publishGeneration: number;
}

@Injectable()
export class PublishingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Applies `data` and bumps the generation only if nobody changed the publish
   * state in between: of two concurrent publishes or rotations exactly one
   * matches, so there are never two valid tokens. The audit events are written
   * in the same transaction: a change is never without its record, nor a
   * record without its change. Returns the workflow as committed (null when
   * the precondition failed), so answering needs no read after the commit.
   */
  async transition(
    where: PublishPrecondition,
    data: Prisma.WorkflowUpdateManyMutationInput & { publishedVersionId?: string | null; publishedById?: string | null },
    audit: AuditRecord[],
    links: LinksChange,
  ): Promise<WorkflowRecord | null> {
    return this.applyAudited(where, { ...data, publishGeneration: { increment: 1 } }, audit, links);
  }

  /** A change that keeps the token and generation (require-login, pinned version, caps), with its audit events. */
  update(
    where: PublishPrecondition,
    data: { requireLogin?: boolean; publishedVersionId?: string; messagesPerDay?: number | null; llmTokensPerDay?: number | null },
    audit: AuditRecord[],
  ): Promise<WorkflowRecord | null> {
    return this.applyAudited(where, data, audit);
  }

  private applyAudited(
    where: PublishPrecondition,
    data: Prisma.WorkflowUpdateManyMutationInput & { publishedVersionId?: string | null; publishedById?: string | null },
    audit: AuditRecord[],
    links?: LinksChange,
  ): Promise<WorkflowRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.workflow.updateMany({ where, data });
      if (count !== 1) return null;
      if (links && 'create' in links) await tx.shareLink.create({ data: links.create });
      if (links && 'deleteAll' in links) await tx.shareLink.deleteMany({ where: { workflowId: where.id } });
      // Events of one change keep their order in the log, which sorts by time.
      const at = Date.now();
      await tx.auditEvent.createMany({ data: audit.map((e, i) => ({ ...e, createdAt: new Date(at + i) })) });
      return tx.workflow.findUniqueOrThrow({ where: { id: where.id }, include: workflowInclude });
    });
  }

  listAudit(workflowId: string) {
    return this.prisma.auditEvent.findMany({
      where: { workflowId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
      include: { actor: { select: { id: true, email: true, name: true } } },
    });
  }
}
