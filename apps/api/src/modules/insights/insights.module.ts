import { Module } from '@nestjs/common';
import { QuotaModule } from '../quota/quota.module.js';
import { TurnStatsModule } from '../turn-stats/turn-stats.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { InsightsController } from './insights.controller.js';
import { InsightsRepository } from './insights.repository.js';
import { InsightsService } from './insights.service.js';
import { RetentionService } from './retention.service.js';
import { StatsService } from './stats.service.js';

/** Conversation log, export and analytics for authors, and how long conversations are kept (issue #17). */
@Module({
  imports: [WorkflowsModule, QuotaModule, TurnStatsModule],
  controllers: [InsightsController],
  providers: [InsightsService, StatsService, InsightsRepository, RetentionService],
})
export class InsightsModule {}
