import type { Redis } from 'ioredis';

/** One fixed-window counter to count a request against. */
export interface CounterHit {
  key: string;
  limit: number;
  windowMs: number;
}

/** Which counter (index into the hits) went over its limit first, and when its window ends. */
export interface CounterOutcome {
  refused: number;
  retryAfterMs: number;
}

export const ALLOWED: CounterOutcome = { refused: -1, retryAfterMs: 0 };

/**
 * Fixed-window counters. `incrementAll` counts the hits in order and stops at
 * the first one over its limit (that one is counted, later ones are not), as
 * if each had been checked on its own, in one step.
 */
export interface RateLimitStore {
  incrementAll(hits: readonly CounterHit[]): Promise<CounterOutcome>;
}

/**
 * KEYS: the counters; ARGV: limit and window (ms) of each, in turn. Returns
 * {0, 0} when every counter is within its limit, else {i, ms left in the
 * window} for the first (1-based) counter over it. Atomic, one round trip.
 */
const INCREMENT_ALL = `
for i = 1, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  local window = tonumber(ARGV[2 * i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], window) end
  if n > tonumber(ARGV[2 * i - 1]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], window)
      ttl = window
    end
    return {i, ttl}
  end
end
return {0, 0}`;

type RedisWithScript = Redis & {
  wfchatRateLimit(numKeys: number, ...args: (string | number)[]): Promise<[number, number]>;
};

/** Counters shared by every instance; every limit of a request in one EVALSHA. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: RedisWithScript;

  constructor(
    redis: Redis,
    private readonly prefix = 'wfchat:rl:',
  ) {
    if (!('wfchatRateLimit' in redis)) redis.defineCommand('wfchatRateLimit', { lua: INCREMENT_ALL });
    this.redis = redis as RedisWithScript;
  }

  async incrementAll(hits: readonly CounterHit[]): Promise<CounterOutcome> {
    if (hits.length === 0) return ALLOWED;
    const args: (string | number)[] = hits.map((h) => this.prefix + h.key);
    for (const h of hits) args.push(h.limit, h.windowMs);
    const [index, ttl] = await this.redis.wfchatRateLimit(hits.length, ...args);
    return index === 0 ? ALLOWED : { refused: index - 1, retryAfterMs: ttl };
  }
}

/** Counters of this process alone (the embedded default): a map swept as it grows. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private sweepAt = 0;

  constructor(private readonly sweepSize = 10_000) {}

  incrementAll(hits: readonly CounterHit[]): Promise<CounterOutcome> {
    const now = Date.now();
    if (this.windows.size >= this.sweepSize && now >= this.sweepAt) this.sweep(now);
    for (let i = 0; i < hits.length; i += 1) {
      const { key, limit, windowMs } = hits[i]!;
      let w = this.windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowMs };
        this.windows.set(key, w);
      }
      w.count += 1;
      if (w.count > limit) return Promise.resolve({ refused: i, retryAfterMs: w.resetAt - now });
    }
    return Promise.resolve(ALLOWED);
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    // Live windows alone can keep the map large; sweep again at most once a second then.
    this.sweepAt = now + 1_000;
  }
}
