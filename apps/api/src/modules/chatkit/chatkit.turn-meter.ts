import { Inject, Injectable, Logger } from '@nestjs/common';
import { QuotaService } from '../quota/quota.service.js';
import type { ChatContext } from './chatkit.context.js';
import { CHAT_STORE, type ChatStore, type TurnMeasurement } from './chatkit.store.js';

/**
 * What one answered visitor turn cost, kept for the author's analytics and
 * the daily token cap: one row (and, with a token cap, one counter update)
 * after the answer is out. Canvas test chats are not measured. A failure
 * here is logged, never shown to the visitor, whose answer is already saved.
 */
@Injectable()
export class TurnMeter {
  private readonly logger = new Logger(TurnMeter.name);

  constructor(
    @Inject(CHAT_STORE) private readonly store: ChatStore,
    private readonly quota: QuotaService,
  ) {}

  async record(ctx: ChatContext, turn: TurnMeasurement): Promise<void> {
    if (ctx.mode !== 'public') return;
    try {
      await Promise.all([
        this.store.recordTurn(ctx, turn),
        this.quota.addTokens(ctx.workflowId, turn.llmTokensIn + turn.llmTokensOut),
      ]);
    } catch (err) {
      this.logger.warn(`turn of workflow ${ctx.workflowId} not measured (${(err as Error).message})`);
    }
  }
}
