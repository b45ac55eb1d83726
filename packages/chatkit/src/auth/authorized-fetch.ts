import type { ChatError } from './chat-token.types.js';
import { isReportableStatus, parseRetryAfter, readChatError } from './read-chat-error.js';
import type { TokenManager } from './token-manager.js';

/**
 * A 503 that says when to come back (`Retry-After`, e.g. during a database
 * restart) is retried after that wait, at most this many times, and only when
 * the wait is short enough for someone looking at the chat.
 */
export const UNAVAILABLE_RETRIES = 3;
export const MAX_RETRY_AFTER_SECONDS = 10;

function wait(seconds: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, seconds * 1000);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface AuthorizedFetchOptions {
  tokens: TokenManager;
  /** Told about 401/403/404/429/5xx, after the single 401 retry. */
  onError?: (error: ChatError) => void;
  /** The underlying fetch; defaults to the global one at call time. */
  fetch?: typeof fetch;
}

/**
 * The `api.fetch` handed to ChatKit: adds `Authorization: Bearer <chat JWT>` on
 * top of the headers ChatKit set itself, retries once with a renewed token after
 * a 401, retries a 503 after its `Retry-After` (bounded), and reports failures
 * the host has a screen for: only those that remain after these retries.
 */
export function createAuthorizedFetch(options: AuthorizedFetchOptions): typeof fetch {
  const send = (input: RequestInfo | URL, init: RequestInit | undefined, token: string): Promise<Response> => {
    const baseFetch = options.fetch ?? globalThis.fetch;
    // Request headers first, then init.headers (fetch semantics: init wins), then ours.
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((value, key) => headers.set(key, value));
    headers.set('Authorization', `Bearer ${token}`);
    return baseFetch(input, { ...init, headers });
  };

  return async (input, init) => {
    // A Request body can be read once; keep a pristine copy for retries.
    const pristine = input instanceof Request ? input.clone() : null;
    const again = () => (pristine ? pristine.clone() : input);
    const token = await options.tokens.get();
    let response = await send(input, init, token);
    if (response.status === 401) {
      // Expired between our check and the server's, or revoked: renew once. A
      // second 401 means the token is really refused, so it is reported, not looped.
      const renewed = await options.tokens.refresh(token);
      response = await send(again(), init, renewed);
    }
    for (let retry = 0; response.status === 503 && retry < UNAVAILABLE_RETRIES; retry += 1) {
      const seconds = parseRetryAfter(response.headers.get('Retry-After'));
      if (seconds === undefined || seconds > MAX_RETRY_AFTER_SECONDS) break;
      await response.body?.cancel().catch(() => undefined);
      await wait(seconds, init?.signal ?? (input instanceof Request ? input.signal : undefined));
      response = await send(again(), init, await options.tokens.get());
    }
    if (isReportableStatus(response.status) && options.onError) {
      options.onError(await readChatError(response));
    }
    return response;
  };
}
