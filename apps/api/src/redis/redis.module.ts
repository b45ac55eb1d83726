import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}
  async onApplicationShutdown() {
    await this.redis?.quit().catch(() => undefined);
  }
}

/** Provides the shared Redis client, or `null` on the embedded default. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(redis: Redis | null): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS, useValue: redis }, RedisShutdown],
      exports: [REDIS],
    };
  }
}
