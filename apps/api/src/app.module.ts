import { Module, type DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import type { Database } from './database/database.js';
import { HealthModule } from './modules/health/health.module.js';
import { RedisModule } from './redis/redis.module.js';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  redis: Redis | null;
}

@Module({})
export class AppModule {
  static forRoot(deps: AppDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(deps.config),
        DatabaseModule.forRoot(deps.db),
        RedisModule.forRoot(deps.redis),
        HealthModule,
      ],
    };
  }
}
