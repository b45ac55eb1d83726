import type { ChatError } from './chat-token.types.js';
import { isReportableStatus, readChatError } from './read-chat-error.js';
import type { TokenManager } from './token-manager.js';

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
 * a 401, and reports failures the host has a screen for.
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
    // A Request body can be read once; keep a copy for the retry.
    const retryInput = input instanceof Request ? input.clone() : input;
    const token = await options.tokens.get();
    let response = await send(input, init, token);
    if (response.status === 401) {
      // Expired between our check and the server's, or revoked: renew once. A
      // second 401 means the token is really refused, so it is reported, not looped.
      const renewed = await options.tokens.refresh(token);
      response = await send(retryInput, init, renewed);
    }
    if (isReportableStatus(response.status) && options.onError) {
      options.onError(await readChatError(response));
    }
    return response;
  };
}
