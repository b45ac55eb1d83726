import { Injectable } from '@nestjs/common';
import { PrismaClient } from '../../generated/prisma/client.js';

export interface SessionWithUser {
  id: string;
  expiresAt: Date;
  lastUsedAt: Date;
  user: { id: string; email: string; name: string | null };
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(data: { id: string; tokenHash: string; userId: string; expiresAt: Date; userAgent?: string }) {
    await this.prisma.session.create({ data });
  }

  findByHash(tokenHash: string): Promise<SessionWithUser | null> {
    return this.prisma.session.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        expiresAt: true,
        lastUsedAt: true,
        user: { select: { id: true, email: true, name: true } },
      },
    });
  }

  async extend(id: string, lastUsedAt: Date, expiresAt: Date) {
    await this.prisma.session.updateMany({ where: { id }, data: { lastUsedAt, expiresAt } });
  }

  async delete(id: string) {
    await this.prisma.session.deleteMany({ where: { id } });
  }

  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { expiresAt: { lt: now } } });
    return count;
  }
}
