import { Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '../../generated/prisma/client.js';

const userSelect = { select: { id: true, email: true, name: true } } as const;

export const workflowInclude = {
  publishedBy: userSelect,
  publishedVersion: { select: { number: true } },
  versions: { orderBy: { number: 'desc' }, take: 1, select: { number: true, definition: true } },
  // The first link: its hint and rotation time are the workflow's `publish.tokenHint` and `publishTokenRotatedAt`.
  links: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 1, select: { tokenHint: true, rotatedAt: true } },
} satisfies Prisma.WorkflowInclude;

export type WorkflowRecord = Prisma.WorkflowGetPayload<{ include: typeof workflowInclude }>;

@Injectable()
export class WorkflowsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  listOwned(ownerId: string): Promise<WorkflowRecord[]> {
    return this.prisma.workflow.findMany({
      where: { ownerId },
      include: workflowInclude,
      orderBy: { updatedAt: 'desc' },
    });
  }

  findOwned(id: string, ownerId: string): Promise<WorkflowRecord | null> {
    return this.prisma.workflow.findFirst({ where: { id, ownerId }, include: workflowInclude });
  }

  /** Only what the public endpoints need: the publish state, not the definitions. */
  findPublishState(id: string) {
    return this.prisma.workflow.findUnique({
      where: { id },
      select: {
        id: true,
        name: true,
        isPublic: true,
        requireLogin: true,
        publishGeneration: true,
        publishedVersion: { select: { number: true } },
      },
    });
  }

  findById(id: string): Promise<WorkflowRecord | null> {
    return this.prisma.workflow.findUnique({ where: { id }, include: workflowInclude });
  }

  async create(data: {
    id: string;
    versionId: string;
    ownerId: string;
    name: string;
    description: string;
    definition: Prisma.InputJsonValue;
  }): Promise<WorkflowRecord> {
    return this.prisma.workflow.create({
      data: {
        id: data.id,
        ownerId: data.ownerId,
        name: data.name,
        description: data.description,
        versions: {
          create: { id: data.versionId, number: 1, definition: data.definition, createdById: data.ownerId },
        },
      },
      include: workflowInclude,
    });
  }

  /**
   * Applies the change only if `version` is still `expectedVersion` (optimistic
   * locking); a new definition becomes the next immutable WorkflowVersion.
   * Returns null when the row is missing or the version moved on.
   */
  async update(
    id: string,
    ownerId: string,
    expectedVersion: number,
    change: { name?: string; description?: string; definition?: Prisma.InputJsonValue; newVersionId: string },
  ): Promise<WorkflowRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.workflow.updateMany({
        where: { id, ownerId, version: expectedVersion },
        data: {
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.description !== undefined ? { description: change.description } : {}),
          version: { increment: 1 },
        },
      });
      if (count !== 1) return null;
      if (change.definition !== undefined) {
        const latest = await tx.workflowVersion.findFirst({
          where: { workflowId: id },
          orderBy: { number: 'desc' },
          select: { number: true },
        });
        await tx.workflowVersion.create({
          data: {
            id: change.newVersionId,
            workflowId: id,
            number: (latest?.number ?? 0) + 1,
            definition: change.definition,
            createdById: ownerId,
          },
        });
      }
      return tx.workflow.findUnique({ where: { id }, include: workflowInclude });
    });
  }

  async delete(id: string, ownerId: string): Promise<boolean> {
    const { count } = await this.prisma.workflow.deleteMany({ where: { id, ownerId } });
    return count === 1;
  }

  listVersions(workflowId: string) {
    return this.prisma.workflowVersion.findMany({
      where: { workflowId },
      orderBy: { number: 'desc' },
      select: { number: true, createdAt: true },
    });
  }

  findVersion(workflowId: string, number: number) {
    return this.prisma.workflowVersion.findUnique({
      where: { workflowId_number: { workflowId, number } },
      select: { id: true, number: true, createdAt: true, definition: true },
    });
  }
}
