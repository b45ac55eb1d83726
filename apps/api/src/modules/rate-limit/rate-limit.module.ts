import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module.js';
import { RATE_LIMIT_STORE, RateLimitService } from './rate-limit.service.js';
import { MemoryRateLimitStore, RedisRateLimitStore } from './rate-limit.store.js';

@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [REDIS],
      useFactory: (redis: Redis | null) => (redis ? new RedisRateLimitStore(redis) : new MemoryRateLimitStore()),
    },
    RateLimitService,
  ],
  exports: [RateLimitService, RATE_LIMIT_STORE],
})
export class RateLimitModule {}
