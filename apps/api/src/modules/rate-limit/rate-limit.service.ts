import { Inject, Injectable } from '@nestjs/common';
import { Errors } from '../../common/errors/app-error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { RateLimitStore } from './rate-limit.store.js';

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

/** One limit to count a request against. */
export interface RateLimitCheck {
  /** The limit's name: part of the counter key and the `limit` label of `wfchat_rate_limited_total`. */
  bucket: string;
  /** Whom it counts (an IP, a principal, a workflow...). */
  key: string;
  limit: number;
  windowMs: number;
  /** The 429's message, when the default does not say enough. */
  message?: string;
}

/**
 * Where a request carries the checks a guard deferred to its handler; the app
 * declares it on every request (see createApp), and taking the checks clears
 * it rather than deleting it, so the request object keeps its shape.
 */
export const DEFERRED_CHECKS = Symbol('wfchat.deferredRateLimits');
type Carrier = { [DEFERRED_CHECKS]?: RateLimitCheck[] };

/**
 * Fixed-window limits: counters in process by default, in Redis when
 * `REDIS_URL` is set, so every API instance counts against the same limit.
 * All the limits of one request are counted in one step (one Redis round trip).
 */
@Injectable()
export class RateLimitService {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    private readonly metrics: MetricsService,
  ) {}

  /** Counts one request and throws 429 `rate_limited` with `Retry-After` when over the limit. */
  consume(bucket: string, key: string, limit: number, windowMs: number, message?: string): Promise<void> {
    return this.consumeAll([{ bucket, key, limit, windowMs, message }]);
  }

  /**
   * Counts one request against every check, in order, in one step; the first
   * check over its limit throws 429 (with the seconds left in its window) and
   * the checks after it are not counted.
   */
  async consumeAll(checks: readonly RateLimitCheck[]): Promise<void> {
    if (checks.length === 0) return;
    const outcome = await this.store.incrementAll(
      // The limit and window are part of the key: a changed limit starts fresh counters.
      checks.map((c) => ({
        key: `${c.bucket}:${c.limit}/${c.windowMs}:${c.key}`,
        limit: c.limit,
        windowMs: c.windowMs,
      })),
    );
    if (outcome.refused < 0) return;
    const check = checks[outcome.refused]!;
    this.metrics.rateLimited.inc({ limit: check.bucket });
    throw Errors.rateLimited(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)), check.message);
  }

  /**
   * Leaves a check on the request for a later `consumeAll(takeDeferred(request), …)`,
   * so that it is counted together with limits only known later (e.g. once the
   * chat principal is authenticated). Whoever defers must make sure it is taken.
   */
  defer(request: object, check: RateLimitCheck): void {
    const carrier = request as Carrier;
    (carrier[DEFERRED_CHECKS] ??= []).push(check);
  }

  /** The deferred checks of a request, removed from it (so they are counted once). */
  takeDeferred(request: object): RateLimitCheck[] {
    const carrier = request as Carrier;
    const checks = carrier[DEFERRED_CHECKS] ?? [];
    carrier[DEFERRED_CHECKS] = undefined;
    return checks;
  }
}
