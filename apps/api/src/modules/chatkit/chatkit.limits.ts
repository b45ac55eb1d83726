import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import type { ChatContext } from './chatkit.context.js';

const MINUTE = 60_000;

/**
 * Rate limits of /chatkit. There is deliberately no duplicate-message check
 * (docs/concepts/threads.md, "Replays and limits"). Principal limits are keyed
 * by the principal alone (a visitor or user across all workflows is one
 * client); the workflow limit counts the messages of all visitors of one
 * published workflow (Canvas test chats are not counted against it).
 */
@Injectable()
export class ChatkitLimits {
  constructor(
    private readonly rateLimits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every /chatkit call. */
  request(ctx: ChatContext): Promise<void> {
    return this.rateLimits.consume('chatkit', ctx.principal, this.config.rateLimits.principalPerMin, MINUTE);
  }

  /** Operations that make the workflow answer a message. */
  async message(ctx: ChatContext): Promise<void> {
    const limits = this.config.rateLimits;
    await this.rateLimits.consume(
      'chatkit-messages',
      ctx.principal,
      limits.messagesPerMin,
      MINUTE,
      'Too many messages. Wait a moment before sending another.',
    );
    if (ctx.mode === 'public') {
      await this.rateLimits.consume(
        'chatkit-workflow',
        ctx.workflowId,
        limits.workflowMessagesPerMin,
        MINUTE,
        'This chat is very busy right now. Try again in a minute.',
      );
    }
  }
}
