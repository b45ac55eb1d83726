import { Injectable, Logger } from '@nestjs/common';
import { QuotaService } from '../quota/quota.service.js';
import { TurnStats } from '../turn-stats/turn-stats.service.js';
import type { ChatContext } from './chatkit.context.js';
import type { TurnMeasurement } from './chatkit.store.js';

/**
 * What one answered visitor turn cost, kept for the author's analytics (a row
 * in the next batch of TurnStats) and the daily token cap (a counter update,
 * with a token cap). Canvas test chats are not measured. A failure here is
 * logged, never shown to the visitor, whose answer is already saved.
 */
@Injectable()
export class TurnMeter {
  private readonly logger = new Logger(TurnMeter.name);

  constructor(
    private readonly stats: TurnStats,
    private readonly quota: QuotaService,
  ) {}

  async record(ctx: ChatContext, turn: TurnMeasurement): Promise<void> {
    if (ctx.mode !== 'public') return;
    this.stats.record({ workflowId: ctx.workflowId, at: new Date(), ...turn });
    try {
      await this.quota.addTokens(ctx.workflowId, turn.llmTokensIn + turn.llmTokensOut);
    } catch (err) {
      this.logger.warn(
        `turn of workflow ${ctx.workflowId} not counted against its token cap (${(err as Error).message})`,
      );
    }
  }
}
