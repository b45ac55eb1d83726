/**
 * A fake ChatKit backend at the element's boundary (`api.fetch`): it records
 * every protocol call and answers with protocol-correct responses, including
 * SSE bodies the test feeds event by event.
 */
import { vi } from 'vitest';

export interface RecordedCall {
  type: string;
  params: Record<string, unknown>;
  headers: Headers;
  signal?: AbortSignal;
}

type Handler = (call: RecordedCall) => Response | Promise<Response>;

export const NOW = '2025-01-01T00:00:00.000Z';

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A complete SSE answer, each event as `data: <json>\n\n`. */
export function sseResponse(events: unknown[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of events) controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

/** An SSE answer the test drives: send events one at a time, then close. Aborting the request errors the body. */
export class ManualStream {
  readonly response: Response;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  closed = false;

  constructor(signal?: AbortSignal) {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
    });
    signal?.addEventListener('abort', () => {
      if (this.closed) return;
      this.closed = true;
      this.controller.error(new DOMException('The operation was aborted.', 'AbortError'));
    });
    this.response = new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  }

  send(event: unknown): void {
    this.controller.enqueue(this.encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
  }

  close(): void {
    this.closed = true;
    this.controller.close();
  }
}

export class FakeChatKitApi {
  readonly calls: RecordedCall[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly streams: ManualStream[] = [];

  readonly fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { type: string; params: Record<string, unknown> };
    const call: RecordedCall = { type: body.type, params: body.params, headers: new Headers(init?.headers), signal: init?.signal ?? undefined };
    this.calls.push(call);
    const handler = this.handlers.get(body.type);
    if (!handler) return jsonResponse({ code: 'request.unsupported', message: `No fake for ${body.type}` }, 400);
    return handler(call);
  });

  on(type: string, handler: Handler): this {
    this.handlers.set(type, handler);
    return this;
  }

  /** Answers `type` with a stream the test controls; returns a getter for the latest one. */
  onStream(type: string): () => ManualStream {
    this.on(type, (call) => {
      const stream = new ManualStream(call.signal);
      this.streams.push(stream);
      return stream.response;
    });
    return () => {
      const stream = this.streams.at(-1);
      if (!stream) throw new Error(`no ${type} stream opened yet`);
      return stream;
    };
  }

  callsOf(type: string): RecordedCall[] {
    return this.calls.filter((call) => call.type === type);
  }
}

// ---- Protocol fixtures -------------------------------------------------------------

export function thread(id: string, title?: string, items: unknown[] = [], hasMore = false) {
  return {
    id,
    ...(title ? { title } : {}),
    created_at: NOW,
    status: { type: 'active' },
    metadata: {},
    items: { data: items, has_more: hasMore, ...(hasMore && items.length ? { after: (items.at(-1) as { id: string }).id } : {}) },
  };
}

export function userMessage(id: string, threadId: string, text: string) {
  return {
    id,
    thread_id: threadId,
    created_at: NOW,
    type: 'user_message',
    content: [{ type: 'input_text', text }],
    attachments: [],
    inference_options: {},
  };
}

export function assistantMessage(id: string, threadId: string, text: string | null) {
  return {
    id,
    thread_id: threadId,
    created_at: NOW,
    type: 'assistant_message',
    content: text === null ? [] : [{ type: 'output_text', text, annotations: [] }],
  };
}

export const textDelta = (itemId: string, delta: string) => ({
  type: 'thread.item.updated',
  item_id: itemId,
  update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta },
});

/** The full answer sequence of the protocol doc, for a reply of `text` split into deltas. */
export function answerEvents(threadId: string, userId: string, userText: string, assistantId: string, deltas: string[]) {
  const text = deltas.join('');
  return [
    { type: 'thread.item.done', item: userMessage(userId, threadId, userText) },
    { type: 'stream_options', stream_options: { allow_cancel: true } },
    { type: 'thread.item.added', item: assistantMessage(assistantId, threadId, null) },
    {
      type: 'thread.item.updated',
      item_id: assistantId,
      update: { type: 'assistant_message.content_part.added', content_index: 0, content: { type: 'output_text', text: '', annotations: [] } },
    },
    ...deltas.map((delta) => textDelta(assistantId, delta)),
    {
      type: 'thread.item.updated',
      item_id: assistantId,
      update: { type: 'assistant_message.content_part.done', content_index: 0, content: { type: 'output_text', text, annotations: [] } },
    },
    { type: 'thread.item.done', item: assistantMessage(assistantId, threadId, text) },
  ];
}
