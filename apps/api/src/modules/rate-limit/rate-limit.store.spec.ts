import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRateLimitStore } from './rate-limit.store.js';

const hit = (key: string, limit: number, windowMs = 60_000) => ({ key, limit, windowMs });

describe('MemoryRateLimitStore', () => {
  afterEach(() => vi.useRealTimers());

  it('counts several limits in order and stops at the first one over its limit', async () => {
    const store = new MemoryRateLimitStore();
    expect(await store.incrementAll([hit('a', 5), hit('b', 1), hit('c', 5)])).toEqual({ refused: -1, retryAfterMs: 0 });
    const second = await store.incrementAll([hit('a', 5), hit('b', 1), hit('c', 5)]);
    expect(second.refused).toBe(1);
    // `c` was not counted by the refused call: one more fits.
    expect((await store.incrementAll([hit('c', 2)])).refused).toBe(-1);
    expect((await store.incrementAll([hit('c', 2)])).refused).toBe(0);
    // `a` was counted twice.
    expect((await store.incrementAll([hit('a', 2)])).refused).toBe(0);
  });

  it('answers the time left in the window, and starts a new window once it is over', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new MemoryRateLimitStore();
    await store.incrementAll([hit('k', 1, 10_000)]);
    vi.advanceTimersByTime(4_000);
    expect(await store.incrementAll([hit('k', 1, 10_000)])).toEqual({ refused: 0, retryAfterMs: 6_000 });
    vi.advanceTimersByTime(6_000);
    expect((await store.incrementAll([hit('k', 1, 10_000)])).refused).toBe(-1);
  });

  it('forgets finished windows once it holds many keys', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new MemoryRateLimitStore(3);
    for (const key of ['a', 'b', 'c']) await store.incrementAll([hit(key, 1, 1_000)]);
    vi.advanceTimersByTime(1_000);
    await store.incrementAll([hit('d', 1, 1_000)]);
    expect((store as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});
