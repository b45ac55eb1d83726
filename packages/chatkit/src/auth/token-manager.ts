import type { ChatToken } from './chat-token.types.js';

export interface TokenManagerOptions {
  /** Mints a fresh chat JWT (the host calls its session endpoint). */
  getToken: () => Promise<ChatToken>;
  /**
   * Renew when the cached token expires within this margin. Chat JWTs live
   * 300 s by default; a minute of margin covers clock skew and a slow request.
   */
  refreshMarginMs?: number;
  /** Injected clock, for tests. */
  now?: () => number;
}

export interface TokenManager {
  /** A token that is valid for at least the refresh margin; mints one if needed. */
  get(): Promise<string>;
  /**
   * Called after the API refused `rejected` (401). Mints a new token unless a
   * concurrent caller already replaced it, so N requests failing together cause
   * one renewal, not N.
   */
  refresh(rejected: string): Promise<string>;
  /** Forget the cached token (e.g. when the host signs out). */
  clear(): void;
}

interface CachedToken {
  token: string;
  expiresAtMs: number;
}

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const margin = options.refreshMarginMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: CachedToken | null = null;
  // One renewal at a time: every caller that needs a token while a renewal is
  // running waits for that same promise.
  let inFlight: Promise<string> | null = null;
  // Bumped by clear() so a renewal that started before it cannot repopulate the cache.
  let generation = 0;

  const renew = (): Promise<string> => {
    if (inFlight) return inFlight;
    const startedIn = generation;
    const attempt: Promise<string> = options
      .getToken()
      .then((minted) => {
        const expiresAtMs = Date.parse(minted.expiresAt);
        if (startedIn === generation) {
          // An unparsable expiry means "renew on next use", never "valid forever".
          cached = { token: minted.token, expiresAtMs: Number.isFinite(expiresAtMs) ? expiresAtMs : 0 };
        }
        return minted.token;
      })
      .finally(() => {
        if (inFlight === attempt) inFlight = null;
      });
    inFlight = attempt;
    return attempt;
  };

  const isFresh = (token: CachedToken | null): token is CachedToken =>
    token !== null && token.expiresAtMs - margin > now();

  return {
    get() {
      if (isFresh(cached)) return Promise.resolve(cached.token);
      return renew();
    },
    refresh(rejected) {
      if (inFlight) return inFlight;
      if (cached && cached.token !== rejected && isFresh(cached)) return Promise.resolve(cached.token);
      cached = null;
      return renew();
    },
    clear() {
      cached = null;
      inFlight = null;
      generation += 1;
    },
  };
}
