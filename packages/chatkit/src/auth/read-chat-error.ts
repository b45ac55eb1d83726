import type { ChatError } from './chat-token.types.js';

/** Statuses a host has a screen for; other failures stay inside the chat UI. */
export function isReportableStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 404 || status === 429 || status >= 500;
}

/**
 * Reads the API's `{code, message}` error body without consuming the response
 * the caller still hands to ChatKit. A body that is not our JSON (a proxy's HTML
 * 502 page) still yields a usable error.
 */
export async function readChatError(response: Response): Promise<ChatError> {
  let code = `http.${response.status}`;
  let message = response.statusText || `Request failed with status ${response.status}`;
  try {
    const body: unknown = await response.clone().json();
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      if (typeof record.code === 'string') code = record.code;
      if (typeof record.message === 'string') message = record.message;
    }
  } catch {
    // Not JSON: keep the status-derived defaults.
  }
  const error: ChatError = { status: response.status, code, message };
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  if (retryAfter !== undefined) error.retryAfterSeconds = retryAfter;
  return error;
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
