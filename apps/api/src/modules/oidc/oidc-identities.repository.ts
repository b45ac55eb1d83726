import { Injectable } from '@nestjs/common';
import { PrismaClient } from '../../generated/prisma/client.js';

@Injectable()
export class OidcIdentitiesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findUser(issuer: string, subject: string) {
    const identity = await this.prisma.oidcIdentity.findUnique({
      where: { issuer_subject: { issuer, subject } },
      select: { user: { select: { id: true, email: true, name: true } } },
    });
    return identity?.user ?? null;
  }

  async link(data: { id: string; issuer: string; subject: string; userId: string }) {
    await this.prisma.oidcIdentity.create({ data });
  }
}
