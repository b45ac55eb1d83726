import type { Redis } from 'ioredis';

/** The two counters of one workflow's day. */
export interface QuotaKeys {
  messages: string;
  tokens: string;
}

/** Caps to admit a message against; null: no cap. */
export interface QuotaCaps {
  messagesPerDay: number | null;
  llmTokensPerDay: number | null;
}

export type QuotaRefusal = 'messages' | 'tokens' | null;

/**
 * Daily counters of a published workflow. `admit` counts one message unless a
 * cap is already reached (a refused message is not counted), atomically, so
 * several instances together never let more through than the cap.
 */
export interface QuotaStore {
  admit(keys: QuotaKeys, caps: QuotaCaps, ttlMs: number): Promise<QuotaRefusal>;
  addTokens(keys: QuotaKeys, tokens: number, ttlMs: number): Promise<void>;
  read(keys: QuotaKeys): Promise<{ messages: number; tokens: number }>;
}

/**
 * KEYS: messages, tokens; ARGV: message cap, token cap (-1: none), ttl ms.
 * Returns 0 (admitted and counted), 1 (message cap reached) or 2 (token cap reached).
 */
const ADMIT = `
local tokenCap = tonumber(ARGV[2])
if tokenCap >= 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= tokenCap then return 2 end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
local messageCap = tonumber(ARGV[1])
if messageCap >= 0 and n > messageCap then
  redis.call('DECR', KEYS[1])
  return 1
end
return 0`;

/** KEYS: tokens; ARGV: how many, ttl ms. */
const ADD_TOKENS = `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`;

type RedisWithQuota = Redis & {
  wfchatQuotaAdmit(numKeys: number, ...args: (string | number)[]): Promise<number>;
  wfchatQuotaAddTokens(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

const REFUSALS: QuotaRefusal[] = [null, 'messages', 'tokens'];

/** Shared by every instance: one script call per message, one per answered turn. */
export class RedisQuotaStore implements QuotaStore {
  private readonly redis: RedisWithQuota;

  constructor(redis: Redis) {
    if (!('wfchatQuotaAdmit' in redis)) {
      redis.defineCommand('wfchatQuotaAdmit', { lua: ADMIT });
      redis.defineCommand('wfchatQuotaAddTokens', { lua: ADD_TOKENS });
    }
    this.redis = redis as RedisWithQuota;
  }

  async admit(keys: QuotaKeys, caps: QuotaCaps, ttlMs: number): Promise<QuotaRefusal> {
    const outcome = await this.redis.wfchatQuotaAdmit(
      2,
      keys.messages,
      keys.tokens,
      caps.messagesPerDay ?? -1,
      caps.llmTokensPerDay ?? -1,
      ttlMs,
    );
    return REFUSALS[outcome] ?? null;
  }

  async addTokens(keys: QuotaKeys, tokens: number, ttlMs: number): Promise<void> {
    await this.redis.wfchatQuotaAddTokens(1, keys.tokens, tokens, ttlMs);
  }

  async read(keys: QuotaKeys): Promise<{ messages: number; tokens: number }> {
    const [messages, tokens] = await this.redis.mget(keys.messages, keys.tokens);
    return { messages: Number(messages ?? 0), tokens: Number(tokens ?? 0) };
  }
}

/** Counters of this process alone (the embedded default); a day's keys expire with it. */
export class MemoryQuotaStore implements QuotaStore {
  private readonly counters = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private get(key: string): number {
    const c = this.counters.get(key);
    if (c && c.expiresAt <= this.now()) this.counters.delete(key);
    return this.counters.get(key)?.value ?? 0;
  }

  private add(key: string, n: number, ttlMs: number): void {
    const value = this.get(key) + n;
    const expiresAt = this.counters.get(key)?.expiresAt ?? this.now() + ttlMs;
    this.counters.set(key, { value, expiresAt });
    if (this.counters.size > 10_000) this.sweep();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(key);
  }

  admit(keys: QuotaKeys, caps: QuotaCaps, ttlMs: number): Promise<QuotaRefusal> {
    if (caps.llmTokensPerDay !== null && this.get(keys.tokens) >= caps.llmTokensPerDay)
      return Promise.resolve('tokens');
    if (caps.messagesPerDay !== null && this.get(keys.messages) >= caps.messagesPerDay)
      return Promise.resolve('messages');
    this.add(keys.messages, 1, ttlMs);
    return Promise.resolve(null);
  }

  addTokens(keys: QuotaKeys, tokens: number, ttlMs: number): Promise<void> {
    this.add(keys.tokens, tokens, ttlMs);
    return Promise.resolve();
  }

  read(keys: QuotaKeys): Promise<{ messages: number; tokens: number }> {
    return Promise.resolve({ messages: this.get(keys.messages), tokens: this.get(keys.tokens) });
  }
}
