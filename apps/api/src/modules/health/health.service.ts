import { Inject, Injectable } from '@nestjs/common';
import type { TReadyResponse } from '@wfchat/contracts';
import type { Redis } from 'ioredis';
import { DATABASE } from '../../database/database.module.js';
import type { Database } from '../../database/database.js';
import { REDIS } from '../../redis/redis.module.js';
import { DrainService } from './drain.service.js';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly drain: DrainService,
  ) {}

  async readiness(): Promise<TReadyResponse> {
    const [database, redis] = await Promise.all([
      withTimeout(this.db.sql.query('SELECT 1')).then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
      this.redis
        ? withTimeout(this.redis.ping()).then(
            () => 'ok' as const,
            () => 'down' as const,
          )
        : Promise.resolve('skipped' as const),
    ]);
    const ok = database === 'ok' && redis !== 'down' && !this.drain.draining;
    const checks = { database, redis, ...(this.drain.draining ? { accepting: 'down' as const } : {}) };
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
