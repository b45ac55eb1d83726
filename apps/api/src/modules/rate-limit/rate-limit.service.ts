import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Errors } from '../../common/errors/app-error.js';
import { MetricsService } from '../metrics/metrics.service.js';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the current window lets another request through. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in the throttler storage: in-process by default, Redis
 * when `REDIS_URL` is set, so every API instance counts against the same limit.
 */
@Injectable()
export class RateLimitService {
  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly metrics: MetricsService,
  ) {}

  async hit(bucket: string, key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    // The storage remembers "blocked" per key: a key per limit and window keeps
    // a changed limit from inheriting a block counted under the old one.
    const record = await this.storage.increment(`${bucket}:${limit}/${windowMs}:${key}`, windowMs, limit, windowMs, bucket);
    const allowed = !record.isBlocked && record.totalHits <= limit;
    const wait = record.isBlocked ? record.timeToBlockExpire : record.timeToExpire;
    return {
      allowed,
      remaining: Math.max(0, limit - record.totalHits),
      retryAfterSeconds: Math.max(1, Math.ceil(wait)),
    };
  }

  /** Counts one request and throws 429 `rate_limited` with `Retry-After` when over the limit. */
  async consume(bucket: string, key: string, limit: number, windowMs: number, message?: string): Promise<void> {
    const result = await this.hit(bucket, key, limit, windowMs);
    if (!result.allowed) {
      this.metrics.rateLimited.inc({ limit: bucket });
      throw Errors.rateLimited(result.retryAfterSeconds, message);
    }
  }
}
