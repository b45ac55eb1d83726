import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Database } from './database.js';

export const DATABASE = Symbol('DATABASE');

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(db: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useValue: db },
        { provide: PrismaClient, useValue: db.prisma },
      ],
      exports: [DATABASE, PrismaClient],
    };
  }
}
