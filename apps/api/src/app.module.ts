import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { ApiDocsModule } from './modules/api-docs/api-docs.module.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import type { Database } from './database/database.js';
import { AuthGuard } from './modules/auth/auth.guard.js';
import { AttachmentsModule } from './modules/attachments/attachments.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CsrfGuard } from './modules/auth/csrf.guard.js';
import { ChatAccessModule } from './modules/chat-access/chat-access.module.js';
import { ChatAuthGuard } from './modules/chat-access/chat-auth.guard.js';
import { ChatkitModule } from './modules/chatkit/chatkit.module.js';
import { ClientConfigModule } from './modules/client-config/client-config.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InsightsModule } from './modules/insights/insights.module.js';
import type { KeyMaterial } from './modules/keys/key-ring.js';
import { KeysModule } from './modules/keys/keys.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OidcModule } from './modules/oidc/oidc.module.js';
import { PublishingModule } from './modules/publishing/publishing.module.js';
import { IpRateLimitGuard } from './modules/rate-limit/ip-rate-limit.guard.js';
import { RateLimitModule } from './modules/rate-limit/rate-limit.module.js';
import { WorkflowsModule } from './modules/workflows/workflows.module.js';
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
        MetricsModule,
        RateLimitModule,
        HealthModule,
        AuthModule,
        OidcModule,
        ClientConfigModule,
        WorkflowsModule,
        PublishingModule,
        ChatAccessModule,
        ChatkitModule,
        AttachmentsModule,
        InsightsModule,
        DemoModule,
        ApiDocsModule,
      ],
      // Global guards run in this order: cheap refusals first, then who is asking.
      providers: [
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: IpRateLimitGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useExisting: ChatAuthGuard },
      ],
    };
  }
}
