import { Injectable } from '@nestjs/common';
import { PrismaClient } from '../../generated/prisma/client.js';

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string | null;
}

const select = { id: true, email: true, name: true, passwordHash: true } as const;

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaClient) {}

  count(): Promise<number> {
    return this.prisma.user.count();
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.prisma.user.findUnique({ where: { email }, select });
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.prisma.user.findUnique({ where: { id }, select });
  }

  create(data: { id: string; email: string; name?: string | null; passwordHash?: string | null }): Promise<UserRecord> {
    return this.prisma.user.create({ data, select });
  }
}
