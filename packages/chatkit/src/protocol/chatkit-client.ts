import { readSseData } from './sse-parser.js';
import type { JsonOp, StreamingOp, ThreadStreamEvent } from './protocol.types.js';

export interface ChatKitApi {
  url: string;
  fetch?: typeof fetch;
}

/** A non-2xx answer; `code` and `message` come from the API's `{code, message}` body. */
export class ChatKitHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChatKitHttpError';
  }
}

/** `fetch`'s init plus a progress callback for the request body, which a fetch that can report it (see progress-fetch) calls. */
export type UploadInit = RequestInit & { onUploadProgress?: (loaded: number, total: number) => void };

/**
 * Speaks the protocol: every call is `POST api.url` with `{type, params}`,
 * through the host's `api.fetch` (which adds auth). Nothing else is contacted.
 */
export class ChatKitClient {
  constructor(private readonly api: ChatKitApi) {}

  async request<T>(type: JsonOp, params: Record<string, unknown>): Promise<T> {
    const response = await this.post(type, params, 'application/json');
    return (await response.json()) as T;
  }

  async *stream(type: StreamingOp, params: Record<string, unknown>, signal: AbortSignal): AsyncGenerator<ThreadStreamEvent> {
    const response = await this.post(type, params, 'text/event-stream', signal);
    if (!response.body) return;
    for await (const data of readSseData(response.body)) {
      let event: unknown;
      try {
        event = JSON.parse(data);
      } catch {
        continue; // A malformed event must not kill the rest of the answer.
      }
      if (event && typeof event === 'object' && typeof (event as { type?: unknown }).type === 'string') {
        yield event as ThreadStreamEvent;
      }
    }
  }

  private async post(type: string, params: Record<string, unknown>, accept: string, signal?: AbortSignal): Promise<Response> {
    const doFetch = this.api.fetch ?? globalThis.fetch;
    const response = await doFetch(this.api.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: accept },
      body: JSON.stringify({ type, params, metadata: {} }),
      signal,
    });
    if (!response.ok) throw await toHttpError(response);
    return response;
  }
}

export async function toHttpError(response: Response): Promise<ChatKitHttpError> {
  let code = `http.${response.status}`;
  let message = '';
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Non-JSON error page: the status is all we know.
  }
  return new ChatKitHttpError(response.status, code, message || `Request failed (${response.status})`);
}
