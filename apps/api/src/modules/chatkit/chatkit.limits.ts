import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { RateLimitService, type RateLimitCheck } from '../rate-limit/rate-limit.service.js';
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
  requestChecks(ctx: ChatContext): RateLimitCheck[] {
    return [{ bucket: 'chatkit', key: ctx.principal, limit: this.config.rateLimits.principalPerMin, windowMs: MINUTE }];
  }

  /** Operations that make the workflow answer a message. */
  messageChecks(ctx: ChatContext): RateLimitCheck[] {
    const limits = this.config.rateLimits;
    const checks: RateLimitCheck[] = [
      {
        bucket: 'chatkit-messages',
        key: ctx.principal,
        limit: limits.messagesPerMin,
        windowMs: MINUTE,
        message: 'Too many messages. Wait a moment before sending another.',
      },
    ];
    if (ctx.mode === 'public') {
      checks.push({
        bucket: 'chatkit-workflow',
        key: ctx.workflowId,
        limit: limits.workflowMessagesPerMin,
        windowMs: MINUTE,
        message: 'This chat is very busy right now. Try again in a minute.',
      });
    }
    return checks;
  }

  /** Counts checks (e.g. the request's, the message's and those deferred by guards) in one step. */
  consume(checks: readonly RateLimitCheck[]): Promise<void> {
    return this.rateLimits.consumeAll(checks);
  }
}
