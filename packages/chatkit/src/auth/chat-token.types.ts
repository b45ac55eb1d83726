/** A chat JWT as minted by the API (`/public/workflows/:id/session`, `/workflows/:id/chatkit/session`). */
export interface ChatToken {
  token: string;
  /** ISO-8601 instant after which the API refuses the token. */
  expiresAt: string;
}

/**
 * An HTTP failure of a `/chatkit` call, reported to the host so it can show a
 * friendly screen. `code` is the API's stable error code (`auth.token_revoked`,
 * `rate_limited`, ...); hosts branch on it, never on `message`.
 */
export interface ChatError {
  status: number;
  code: string;
  message: string;
  /** From the `Retry-After` header (429, sometimes 503), in seconds. */
  retryAfterSeconds?: number;
}
