import type { ServerResponse } from 'node:http';
import type { TThreadStreamEvent } from '@wfchat/contracts';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

/**
 * Writes ChatKit stream events to a raw response: `data: <json>\n\n` each,
 * written (and so flushed) one by one. When the client goes away, `signal`
 * aborts: the turn stops, and later writes are dropped.
 */
export class SseWriter {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal = this.controller.signal;

  constructor(private readonly res: ServerResponse) {
    res.on('close', () => {
      if (!res.writableFinished) this.controller.abort();
    });
  }

  /** True once the client disconnected before the stream ended. */
  get disconnected(): boolean {
    return this.signal.aborted;
  }

  open(headers: Record<string, string> = {}): void {
    this.res.writeHead(200, { ...SSE_HEADERS, ...headers });
  }

  send(event: TThreadStreamEvent): void {
    if (this.disconnected || this.res.writableEnded) return;
    // Events produced in the same tick leave in one write; nothing waits longer than that.
    if (!this.res.writableCorked) {
      this.res.cork();
      process.nextTick(() => this.res.uncork());
    }
    this.res.write(`data: ${JSON.stringify(event)}\n\n`);
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}
