import { Module, type DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import type { Database } from './database/database.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { OidcModule } from './modules/oidc/oidc.module.js';
import type { KeyMaterial } from './modules/keys/key-ring.js';
import { KeysModule } from './modules/keys/keys.module.js';
import { RateLimitModule } from './modules/rate-limit/rate-limit.module.js';
import { RedisModule } from './redis/redis.module.js';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  redis: Redis | null;
  keys: KeyMaterial;
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
        KeysModule.forRoot(deps.keys),
        RateLimitModule,
        HealthModule,
        AuthModule,
        OidcModule,
      ],
    };
  }
}
