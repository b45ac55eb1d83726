import { Global, Module } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module.js';
import { RATE_LIMIT_STORAGE, RateLimitService } from './rate-limit.service.js';

@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [REDIS],
      useFactory: (redis: Redis | null) => (redis ? new ThrottlerStorageRedisService(redis) : new ThrottlerStorageService()),
    },
    RateLimitService,
  ],
  exports: [RateLimitService, RATE_LIMIT_STORAGE],
})
export class RateLimitModule {}
