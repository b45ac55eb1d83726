import { Injectable } from '@nestjs/common';
import { PrismaClient } from '../../generated/prisma/client.js';

export interface WorkflowAccess {
  isPublic: boolean;
  publishGeneration: number;
  requireLogin: boolean;
  /** Number of the pinned version visitors run. */
  publishedVersion: number | null;
  /** Number of the latest saved version, which Canvas chats run. */
  latestVersion: number | null;
  /** Daily caps for visitors (null: none). */
  limits: { messagesPerDay: number | null; llmTokensPerDay: number | null };
}

@Injectable()
export class WorkflowAccessRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async find(workflowId: string): Promise<WorkflowAccess | null> {
    const w = await this.prisma.workflow.findUnique({
      where: { id: workflowId },
      select: {
        isPublic: true,
        publishGeneration: true,
        requireLogin: true,
        messagesPerDay: true,
        llmTokensPerDay: true,
        publishedVersion: { select: { number: true } },
        versions: { orderBy: { number: 'desc' }, take: 1, select: { number: true } },
      },
    });
    return (
      w && {
        isPublic: w.isPublic,
        publishGeneration: w.publishGeneration,
        requireLogin: w.requireLogin,
        publishedVersion: w.publishedVersion?.number ?? null,
        latestVersion: w.versions[0]?.number ?? null,
        limits: { messagesPerDay: w.messagesPerDay, llmTokensPerDay: w.llmTokensPerDay },
      }
    );
  }
}
