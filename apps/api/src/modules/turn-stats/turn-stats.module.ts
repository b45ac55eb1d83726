import { Module } from '@nestjs/common';
import { TurnStatsRepository } from './turn-stats.repository.js';
import { TurnStats } from './turn-stats.service.js';

/** Per-turn analytics rows: written in batches by the chat, read by insights. */
@Module({
  providers: [TurnStats, TurnStatsRepository],
  exports: [TurnStats],
})
export class TurnStatsModule {}
