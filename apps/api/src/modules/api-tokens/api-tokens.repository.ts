import { Injectable } from '@nestjs/common';
import { PrismaClient } from '../../generated/prisma/client.js';

const listSelect = { id: true, name: true, tokenHint: true, createdAt: true, lastUsedAt: true } as const;

@Injectable()
export class ApiTokensRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(data: { id: string; userId: string; name: string; tokenHash: string; tokenHint: string }) {
    return this.prisma.apiToken.create({ data, select: listSelect });
  }

  listActive(userId: string) {
    return this.prisma.apiToken.findMany({
      where: { userId, revokedAt: null },
      orderBy: { createdAt: 'desc' },
      select: listSelect,
    });
  }

  /** Revokes the user's token; false when there is no such active token of theirs. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.apiToken.updateMany({
      where: { id, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count === 1;
  }

  findActiveByHash(tokenHash: string) {
    return this.prisma.apiToken.findFirst({
      where: { tokenHash, revokedAt: null },
      select: { id: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true } } },
    });
  }

  async touch(id: string, at: Date) {
    await this.prisma.apiToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
