import { describe, expect, it, vi } from 'vitest';
import { createTokenManager } from './token-manager.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createTokenManager', () => {
  it('reuses a token while it is outside the refresh margin, then renews before expiry', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    let n = 0;
    const getToken = vi.fn(async () => ({ token: `t${++n}`, expiresAt: new Date(now + 300_000).toISOString() }));
    const tokens = createTokenManager({ getToken, refreshMarginMs: 60_000, now: () => now });

    expect(await tokens.get()).toBe('t1');
    now += 200_000; // 100 s left: still outside the 60 s margin
    expect(await tokens.get()).toBe('t1');
    expect(getToken).toHaveBeenCalledTimes(1);
    now += 50_000; // 50 s left: inside the margin, renew although not yet expired
    expect(await tokens.get()).toBe('t2');
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('shares a single in-flight renewal between concurrent callers', async () => {
    const pending = deferred<{ token: string; expiresAt: string }>();
    const getToken = vi.fn(() => pending.promise);
    const tokens = createTokenManager({ getToken });

    const all = Promise.all(Array.from({ length: 5 }, () => tokens.get()));
    pending.resolve({ token: 'shared', expiresAt: new Date(Date.now() + 300_000).toISOString() });
    expect(await all).toEqual(['shared', 'shared', 'shared', 'shared', 'shared']);
    expect(getToken).toHaveBeenCalledTimes(1);
  });

  it('refresh(rejected) mints once for many callers that saw the same rejected token', async () => {
    let n = 0;
    const getToken = vi.fn(async () => ({ token: `t${++n}`, expiresAt: new Date(Date.now() + 300_000).toISOString() }));
    const tokens = createTokenManager({ getToken });
    const first = await tokens.get();

    const renewed = await Promise.all([tokens.refresh(first), tokens.refresh(first), tokens.refresh(first)]);
    expect(renewed).toEqual(['t2', 't2', 't2']);
    // A late caller reporting the old token gets the already renewed one.
    expect(await tokens.refresh(first)).toBe('t2');
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('lets a failed renewal be retried on the next call', async () => {
    const getToken = vi
      .fn<() => Promise<{ token: string; expiresAt: string }>>()
      .mockRejectedValueOnce(new Error('session endpoint down'))
      .mockResolvedValueOnce({ token: 'ok', expiresAt: new Date(Date.now() + 300_000).toISOString() });
    const tokens = createTokenManager({ getToken });
    await expect(tokens.get()).rejects.toThrow('session endpoint down');
    expect(await tokens.get()).toBe('ok');
  });

  it('treats an unparsable expiry as already due for renewal', async () => {
    let n = 0;
    const getToken = vi.fn(async () => ({ token: `t${++n}`, expiresAt: 'not a date' }));
    const tokens = createTokenManager({ getToken });
    await tokens.get();
    await tokens.get();
    expect(getToken).toHaveBeenCalledTimes(2);
  });
});
