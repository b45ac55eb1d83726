import type { ServerResponse } from 'node:http';
import type { TThreadStreamEvent } from '@wfchat/contracts';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

/**
 * Writes ChatKit stream events to a raw response as `data: <json>\n\n`. The
 * events of one tick are joined and leave in one write at the end of it
 * (nothing waits longer): a turn that answers at once costs two socket writes
 * (before and after its answer is saved), not two per event. When the client
 * goes away, `signal` aborts: the turn stops, and later events are dropped.
 */
export class SseWriter {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal = this.controller.signal;
  /** Events sent this tick, not written yet. */
  private pending = '';

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
    if (this.pending === '') process.nextTick(this.flush);
    this.pending += `data: ${JSON.stringify(event)}\n\n`;
  }

  end(): void {
    if (this.res.writableEnded) return;
    const last = this.take();
    if (last) this.res.end(last);
    else this.res.end();
  }

  private readonly flush = (): void => {
    const events = this.take();
    if (events) this.res.write(events);
  };

  /** The pending events, unless the client is gone or the response ended. */
  private take(): string {
    const events = this.pending;
    this.pending = '';
    return this.disconnected || this.res.writableEnded ? '' : events;
  }
}
