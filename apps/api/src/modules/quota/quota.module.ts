import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module.js';
import { ChatAccessCoreModule } from '../chat-access/chat-access-core.module.js';
import { Clock } from './clock.js';
import { QUOTA_STORE, QuotaService } from './quota.service.js';
import { MemoryQuotaStore, RedisQuotaStore } from './quota.store.js';

/** Daily caps of published workflows: Redis counters when configured, in-process otherwise. */
@Module({
  imports: [ChatAccessCoreModule],
  providers: [
    Clock,
    {
      provide: QUOTA_STORE,
      inject: [REDIS],
      useFactory: (redis: Redis | null) => (redis ? new RedisQuotaStore(redis) : new MemoryQuotaStore()),
    },
    QuotaService,
  ],
  exports: [QuotaService, Clock],
})
export class QuotaModule {}
