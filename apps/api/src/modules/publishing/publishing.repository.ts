import { Injectable } from '@nestjs/common';
import type { TAuditAction } from '@wfchat/contracts';
import { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { workflowInclude, type WorkflowRecord } from '../workflows/workflows.repository.js';

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
   * matches, so there are never two valid tokens.
   */
  async transition(where: PublishPrecondition, data: Prisma.WorkflowUpdateManyMutationInput & { publishedVersionId?: string | null; publishedById?: string | null }): Promise<boolean> {
    const { count } = await this.prisma.workflow.updateMany({
      where,
      data: { ...data, publishGeneration: { increment: 1 } },
    });
    return count === 1;
  }

  /** A change that keeps the token and generation (require-login, pinned version). */
  async update(where: PublishPrecondition, data: { requireLogin?: boolean; publishedVersionId?: string }): Promise<boolean> {
    const { count } = await this.prisma.workflow.updateMany({ where, data });
    return count === 1;
  }

  findByTokenHash(tokenHash: string): Promise<WorkflowRecord | null> {
    return this.prisma.workflow.findUnique({ where: { publishTokenHash: tokenHash }, include: workflowInclude });
  }

  async audit(event: {
    id: string;
    workflowId: string;
    actorId: string;
    action: TAuditAction;
    tokenHint: string | null;
    details?: Prisma.InputJsonValue;
  }) {
    await this.prisma.auditEvent.create({ data: event });
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
