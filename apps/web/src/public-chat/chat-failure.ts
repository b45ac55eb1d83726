import type { ErrorCode } from '@wfchat/contracts';

// Codes are typed against the contracts without importing their runtime (zod)
// into the public route.
const code = <C extends ErrorCode>(value: C) => value;

export type Failure =
  | { kind: 'invalid-link' }
  | { kind: 'not-available' }
  | { kind: 'login-required' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'quota-exceeded'; retryAfterSeconds: number | null }
  | { kind: 'unavailable' };

/** When the server says 429 without a usable Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** The screen for a failed session or chat call (`status` 0 means no answer at all). */
export function failureFor(error: { status: number; code: string; retryAfterSeconds?: number | null }): Failure {
  switch (error.code) {
    case code('publish.invalid_token'):
    case code('auth.token_revoked'):
      return { kind: 'invalid-link' };
    case code('workflow.not_found'):
    case code('feature.disabled'):
    case code('embed.origin_not_allowed'):
      return { kind: 'not-available' };
    case code('auth.login_required'):
      return { kind: 'login-required' };
    // The owner's daily cap, not this visitor's pace: waiting seconds will not help.
    case code('workflow.quota_exceeded'):
      return { kind: 'quota-exceeded', retryAfterSeconds: error.retryAfterSeconds ?? null };
  }
  if (error.status === 429) {
    return { kind: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS };
  }
  if (error.status === 404) return { kind: 'not-available' };
  return { kind: 'unavailable' };
}

/** A 404 for the remembered thread (deleted, or from another visitor id): the chat starts a new one by itself. */
export function isMissingThread(error: { status: number; code: string }): boolean {
  return error.status === 404 && error.code === code('thread.not_found');
}
