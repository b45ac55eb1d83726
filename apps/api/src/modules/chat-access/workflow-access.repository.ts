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
  /** Generation of each live share link, by id: a session minted from a link is valid while its entry matches. */
  links: Record<string, number>;
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
        links: { select: { id: true, generation: true } },
      },
    });
    return (
      w && {
        isPublic: w.isPublic,
        publishGeneration: w.publishGeneration,
        requireLogin: w.requireLogin,
        publishedVersion: w.publishedVersion?.number ?? null,
        latestVersion: w.versions[0]?.number ?? null,
        links: Object.fromEntries(w.links.map((l) => [l.id, l.generation])),
        limits: { messagesPerDay: w.messagesPerDay, llmTokensPerDay: w.llmTokensPerDay },
      }
    );
  }
}
