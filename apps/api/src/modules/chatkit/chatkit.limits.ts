import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ChatkitErrorCode } from '@wfchat/contracts';
import type { Redis } from 'ioredis';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { REDIS } from '../../redis/redis.module.js';
import { RateLimitService, type RateLimitCheck } from '../rate-limit/rate-limit.service.js';
import type { ChatContext } from './chatkit.context.js';

const MINUTE = 60_000;
/** A streaming request replayed within this window is refused as a duplicate. */
export const DUPLICATE_WINDOW_MS = 10_000;

/**
 * Rate limits of /chatkit and duplicate detection. Principal limits are keyed
 * by the principal alone (a visitor or user across all workflows is one
 * client); the workflow limit counts the messages of all visitors of one
 * published workflow (Canvas test chats are not counted against it).
 */
@Injectable()
export class ChatkitLimits {
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly rateLimits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis | null,
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

  /**
   * Claims (thread, text) for a few seconds; a second claim in that window is
   * a replayed request and gets 409 `request.duplicate` (shared through Redis).
   */
  async claimMessage(ctx: ChatContext, threadId: string | null, text: string): Promise<void> {
    const key = `wfchat:chatkit:dup:${createHash('sha256')
      .update(`${ctx.workflowId}\0${ctx.principal}\0${ctx.mode}\0${threadId ?? ''}\0${text}`)
      .digest('base64url')}`;
    const fresh = this.redis
      ? (await this.redis.set(key, '1', 'PX', DUPLICATE_WINDOW_MS, 'NX')) === 'OK'
      : this.claimLocally(key);
    if (!fresh) {
      throw new AppError(
        409,
        ChatkitErrorCode.DuplicateMessage,
        'This message was just sent; it is not sent twice. Wait a few seconds to send it again.',
      );
    }
  }

  private claimLocally(key: string): boolean {
    const now = Date.now();
    if (this.recent.size > 10_000) {
      for (const [k, at] of this.recent) if (now - at >= DUPLICATE_WINDOW_MS) this.recent.delete(k);
    }
    const at = this.recent.get(key);
    if (at !== undefined && now - at < DUPLICATE_WINDOW_MS) return false;
    this.recent.set(key, now);
    return true;
  }
}
