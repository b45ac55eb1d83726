import type { ServerResponse } from 'node:http';
import type { TThreadStreamEvent } from '@wfchat/contracts';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

/** Where a turn sends its events: the visitor's stream, or a recording of them. */
export interface TurnStream {
  send(event: TThreadStreamEvent): void;
  /** Keeps what is sent from leaving until `release()`. */
  hold(): void;
  release(): void;
  /** Aborts when the visitor goes away. */
  readonly signal: AbortSignal;
  readonly disconnected: boolean;
}

/**
 * Writes ChatKit stream events to a raw response as `data: <json>\n\n`. The
 * events of one tick are joined and leave in one write at the end of it
 * (nothing waits longer, unless held): one socket write per tick, not one per
 * event. When the client goes away, `signal` aborts: the turn stops, and later
 * events are dropped.
 */
export class SseWriter implements TurnStream {
  /** Made when first asked for: a turn played before its stream opened never needs one. */
  private controller: AbortController | null = null;
  private gone = false;
  /** Events sent this tick (or held), not written yet. */
  private pending = '';
  private held = false;

  constructor(private readonly res: ServerResponse) {
    res.on('close', () => {
      if (res.writableFinished) return;
      this.gone = true;
      this.controller?.abort();
    });
  }

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.gone) this.controller.abort();
    return this.controller.signal;
  }

  /** True once the client disconnected before the stream ended. */
  get disconnected(): boolean {
    return this.gone;
  }

  open(headers: Record<string, string> = {}): void {
    this.res.writeHead(200, { ...SSE_HEADERS, ...headers });
  }

  send(event: TThreadStreamEvent): void {
    if (this.disconnected || this.res.writableEnded) return;
    if (this.pending === '') process.nextTick(this.flush);
    this.pending += `data: ${JSON.stringify(event)}\n\n`;
  }

  /**
   * Keeps what is sent from leaving until `release()` (or `end()`): for an
   * answer that is ready at once, so that it leaves in one write once saved.
   */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (this.pending) process.nextTick(this.flush);
  }

  end(): void {
    if (this.res.writableEnded) return;
    const last = this.take();
    if (last) this.res.end(last);
    else this.res.end();
  }

  private readonly flush = (): void => {
    if (this.held) return;
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

/** A signal that never aborts, for turns that no visitor is waiting on yet. */
const NEVER = new AbortController().signal;

/**
 * The events of a turn played before anything is saved (see
 * ChatkitTurns.playAtOnce), kept to be sent once its items are.
 */
export class RecordedStream implements TurnStream {
  private readonly events: TThreadStreamEvent[] = [];
  readonly signal: AbortSignal = NEVER;
  readonly disconnected = false;

  send(event: TThreadStreamEvent): void {
    this.events.push(event);
  }

  hold(): void {}

  release(): void {}

  replayTo(stream: TurnStream): void {
    for (const event of this.events) stream.send(event);
  }
}
