import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type {
  TAssistantMessageItem,
  TOutputText,
  TThreadItem,
  TWidgetItem,
  TWorkflowDefinition,
  TWorkflowItem,
} from '@wfchat/contracts';
import { isDependencyOutage } from '../../common/errors/outage.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { answersAtOnce } from '../runtime/runtime.graph.js';
import { WorkflowRuntime } from '../runtime/runtime.service.js';
import {
  DEFAULT_RUNTIME_LIMITS,
  RUNTIME_LIMITS,
  type RuntimeEvent,
  type RuntimeLimits,
  type TurnInput,
} from '../runtime/runtime.types.js';
import type { ChatContext } from './chatkit.context.js';
import { assistantMessageItem, widgetItem } from './chatkit.mapper.js';
import { RecordedStream, type TurnStream } from './chatkit.sse.js';
import { PartialSaves } from './chatkit.partial-saves.js';
import { CHAT_STORE, type ChatStore, type TurnMeasurement } from './chatkit.store.js';
import { TurnTrace } from './chatkit.trace.js';
import { TurnMeter } from './chatkit.turn-meter.js';

export interface TurnRequest {
  ctx: ChatContext;
  threadId: string;
  definition: TWorkflowDefinition;
  input: string;
  /** Files of the visitor's message, ready for the steps. */
  attachments?: TurnInput['attachments'];
  history: TurnInput['history'];
  /** Set when a visitor's click on a `choices` step starts this turn (see TurnInput). */
  resumeAt?: string;
  sse: TurnStream;
  /** When the request arrived (performance.now()), for time to first token. */
  startedAt: number;
  /** Stream (and keep) the run trace: the author's Canvas test chat only. */
  trace?: boolean;
}

/** Where a turn saves its items: the store, or a list saved later with the visitor's message. */
type ItemSaver = Pick<ChatStore, 'saveItem'>;

/** A turn being played, with where its items go. */
type Playing = TurnRequest & { saver: ItemSaver };

/**
 * A turn played in memory (ChatkitTurns.playAtOnce): its items, to be saved
 * with the visitor's message, and its events, to be sent once they are.
 */
export interface PlayedTurn {
  items: TThreadItem[];
  deliver(sse: TurnStream): Promise<void>;
}

const output = (text: string): TOutputText => ({ type: 'output_text', text, annotations: [] });

/** However late a turn ends, its final save is retried for at least this long. */
const SAVE_RETRY_MIN_MS = 5_000;
const SAVE_BACKOFF_MS = [100, 250, 500, 1000, 2000];

/**
 * The assistant message of one turn as stored: saved (throttled) while it
 * streams, so a crash keeps what the visitor read, and once more when final.
 * The first save adds the item; later partial saves go out in batches with
 * other answers' (PartialSaves). Saves never overlap, so a late partial save
 * cannot overwrite the final text.
 */
class AnswerWriter {
  private inFlight: Promise<unknown> = Promise.resolve();
  private lastSaveAt: number;
  /** The item is in the database: partial saves can join a batch. */
  private stored = false;

  constructor(
    private readonly partials: PartialSaves,
    private readonly turn: Playing,
    private readonly item: TAssistantMessageItem,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.lastSaveAt = performance.now();
  }

  private content(text: string): TAssistantMessageItem {
    return { ...this.item, content: [output(text)] };
  }

  /** Saves in the background when the last save is old enough; a failure only means the next one catches up. */
  progress(text: string): void {
    const now = performance.now();
    if (now - this.lastSaveAt < this.intervalMs) return;
    this.lastSaveAt = now;
    if (this.stored) {
      this.partials.queue(this.turn.threadId, this.content(text));
      return;
    }
    this.inFlight = this.inFlight
      .then(async () => {
        this.stored = await this.turn.saver.saveItem(this.turn.ctx, this.turn.threadId, this.content(text));
      })
      .catch((err: unknown) => this.logger.warn(`partial answer not saved (${(err as Error).message})`));
  }

  /** Saves the final text, retrying outages until `deadline` (performance.now()); throws when it could not. */
  async finish(text: string, deadline: number): Promise<TAssistantMessageItem> {
    await this.inFlight;
    await this.partials.settle(this.item.id);
    const done = this.content(text);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.turn.saver.saveItem(this.turn.ctx, this.turn.threadId, done);
        return done;
      } catch (err) {
        const wait = SAVE_BACKOFF_MS[Math.min(attempt, SAVE_BACKOFF_MS.length - 1)]!;
        if (!isDependencyOutage(err) || performance.now() + wait > deadline) throw err;
        this.logger.warn(`answer not saved yet, retrying (${(err as Error).message})`);
        await sleep(wait);
      }
    }
  }
}

/**
 * Runs one workflow turn and maps the runtime's events to ChatKit stream
 * events: `stream_options`, `progress_update`s, the assistant message
 * (`added`, `content_part.added`, `text_delta`s, `content_part.done`, `done`),
 * and an in-band `error` when a step fails. The assistant message is stored
 * before its `done` is sent, including a partial one when the turn failed or
 * the client went away.
 */
@Injectable()
export class ChatkitTurns {
  private readonly logger = new Logger(ChatkitTurns.name);
  private readonly turnTimeoutMs: number;

  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly metrics: MetricsService,
    @Inject(CHAT_STORE) private readonly store: ChatStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly meter: TurnMeter,
    private readonly partials: PartialSaves,
    @Optional() @Inject(RUNTIME_LIMITS) limits?: Partial<RuntimeLimits>,
  ) {
    this.turnTimeoutMs = limits?.turnTimeoutMs ?? DEFAULT_RUNTIME_LIMITS.turnTimeoutMs;
  }

  async run(turn: TurnRequest): Promise<void> {
    const measured = await this.play({ ...turn, saver: this.store }, this.config.chatStream.partialSaveMs);
    await this.meter.record(turn.ctx, measured);
  }

  /** True when a turn's answer is ready at once (no step calls out) and nobody watches its steps. */
  canPlayAtOnce(definition: TWorkflowDefinition, trace: boolean): boolean {
    return !trace && answersAtOnce(definition);
  }

  /**
   * Plays a turn that canPlayAtOnce in memory, before anything of it is
   * saved: the caller saves the items with the visitor's message, in one
   * statement, then delivers the events. Nothing is shown before it is stored,
   * and a failed save is the request's error, as when the message alone could
   * not be saved.
   */
  async playAtOnce(turn: Omit<TurnRequest, 'sse' | 'trace'>): Promise<PlayedTurn> {
    const items = new Map<string, TThreadItem>();
    const saver: ItemSaver = {
      saveItem: async (_ctx, _threadId, item) => {
        items.set(item.id, item);
        return true;
      },
    };
    const recorded = new RecordedStream();
    const measured = await this.play({ ...turn, sse: recorded, saver }, Infinity);
    return {
      items: [...items.values()],
      deliver: async (sse) => {
        recorded.replayTo(sse);
        await this.meter.record(turn.ctx, measured);
      },
    };
  }

  /** Runs the turn, sends its events and saves its items; what it cost is for the meter. */
  private async play(turn: Playing, partialSaveMs: number): Promise<TurnMeasurement> {
    const { sse } = turn;
    const runStartedAt = performance.now();
    // An answer that is ready at once has nothing to stream: it leaves with
    // the events before it in one write, once it is saved. (A traced turn
    // shows its steps as they run.)
    const atOnce = this.canPlayAtOnce(turn.definition, turn.trace === true);
    if (atOnce) sse.hold();
    sse.send({ type: 'stream_options', stream_options: { allow_cancel: true } });
    const trace = turn.trace ? await this.openTrace(turn) : null;
    let item: TAssistantMessageItem | null = null;
    let writer: AnswerWriter | null = null;
    let text = '';
    let failure: Extract<RuntimeEvent, { type: 'error' }> | null = null;
    let widget: TWidgetItem | null = null;
    let ttftMs: number | null = null;
    let llmTokensIn = 0;
    let llmTokensOut = 0;
    const start = () => {
      item = assistantMessageItem(turn.threadId, null);
      writer = new AnswerWriter(this.partials, turn, item, partialSaveMs, this.logger);
      sse.send({ type: 'thread.item.added', item });
      sse.send({
        type: 'thread.item.updated',
        item_id: item.id,
        update: { type: 'assistant_message.content_part.added', content_index: 0, content: output('') },
      });
      return item;
    };
    const delta = (current: TAssistantMessageItem, value: string) => {
      if (!text) {
        ttftMs = Math.round(performance.now() - turn.startedAt);
        this.metrics.timeToFirstToken.observe(ttftMs / 1000);
      }
      text += value;
      sse.send({
        type: 'thread.item.updated',
        item_id: current.id,
        update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: value },
      });
      writer!.progress(text);
    };
    try {
      const events = this.runtime.run({
        definition: turn.definition,
        input: turn.input,
        attachments: turn.attachments,
        history: turn.history,
        signal: sse.signal,
        ...(turn.resumeAt !== undefined ? { resumeAt: turn.resumeAt } : {}),
        trace: trace !== null,
      });
      for await (const event of events) {
        if (event.type === 'text_delta') {
          if (event.delta) delta(item ?? start(), event.delta);
        } else if (event.type === 'widget') {
          widget = widgetItem(turn.threadId, event.widget, event.copyText);
        } else if (event.type === 'step') {
          // Only traced (Canvas) turns have step events; the runtime builds none otherwise.
          for (const update of trace!.apply(event)) sse.send(update);
        } else if (event.type === 'progress') {
          sse.send({ type: 'progress_update', text: event.text });
        } else if (event.type === 'usage') {
          llmTokensIn += event.tokensIn;
          llmTokensOut += event.tokensOut;
        } else if (event.type === 'final') {
          // A reply that was not streamed arrives whole; one delta carries it.
          if (!item && event.text) delta(start(), event.text);
          else if (item && event.text.startsWith(text) && event.text.length > text.length) {
            delta(item, event.text.slice(text.length));
          }
        } else {
          failure = event;
        }
      }
    } catch {
      failure = {
        type: 'error',
        code: 'stream.error',
        message: 'Something went wrong. Try again.',
        allowRetry: true,
        partialText: text,
      };
    }
    if (trace) await this.closeTrace(turn, trace);
    const deadline = Math.max(runStartedAt + this.turnTimeoutMs, performance.now() + SAVE_RETRY_MIN_MS);
    let saved: boolean;
    try {
      saved = await this.finish(turn, writer, text, failure, deadline);
      if (saved && widget && !failure) saved = await this.sendWidget(turn, widget);
    } finally {
      if (atOnce) sse.release();
    }
    const error = !saved || (failure !== null && !sse.disconnected);
    return { ttftMs, llmTokensIn, llmTokensOut, error };
  }

  /** A `choices` step's card: stored before it is shown, since the click that comes back resumes from it. */
  private async sendWidget(turn: Playing, item: TWidgetItem): Promise<boolean> {
    try {
      await turn.saver.saveItem(turn.ctx, turn.threadId, item);
    } catch (err) {
      this.logger.error(`choices of thread ${turn.threadId} not saved (${(err as Error).message})`);
      this.metrics.chatErrors.inc({ code: 'answer.not_saved' });
      turn.sse.send({
        type: 'error',
        code: 'custom',
        message: 'This answer could not be saved. Try again.',
        allow_retry: true,
      });
      return false;
    }
    turn.sse.send({ type: 'thread.item.done', item });
    return true;
  }

  /**
   * Starts the run trace. It is stored before the run so it sorts above the
   * answer on reload; a failed save only loses the trace, never the turn.
   */
  private async openTrace(turn: Playing): Promise<TurnTrace> {
    const trace = new TurnTrace(turn.threadId);
    await this.saveTrace(turn, trace.item);
    turn.sse.send({ type: 'thread.item.added', item: trace.item });
    return trace;
  }

  private async closeTrace(turn: Playing, trace: TurnTrace): Promise<void> {
    const item = trace.finish();
    await this.saveTrace(turn, item);
    turn.sse.send({ type: 'thread.item.done', item });
  }

  private async saveTrace(turn: Playing, item: TWorkflowItem): Promise<void> {
    try {
      await turn.saver.saveItem(turn.ctx, turn.threadId, item);
    } catch (err) {
      this.logger.warn(`run trace of thread ${turn.threadId} not saved (${(err as Error).message})`);
    }
  }

  private async finish(
    turn: TurnRequest,
    writer: AnswerWriter | null,
    text: string,
    failure: Extract<RuntimeEvent, { type: 'error' }> | null,
    deadline: number,
  ): Promise<boolean> {
    const { sse } = turn;
    if (writer) {
      // Whatever was said stays in the transcript, also when the turn failed or was cancelled.
      let done: TAssistantMessageItem;
      try {
        done = await writer.finish(text, deadline);
      } catch (err) {
        // The visitor read an answer we could not keep: say so, and let them
        // ask again (their message is stored; retrying it answers it anew).
        this.logger.error(`answer of thread ${turn.threadId} not saved (${(err as Error).message})`);
        this.metrics.chatErrors.inc({ code: 'answer.not_saved' });
        sse.send({
          type: 'error',
          code: 'custom',
          message: 'This answer could not be saved. Try again.',
          allow_retry: true,
        });
        return false;
      }
      sse.send({
        type: 'thread.item.updated',
        item_id: done.id,
        update: { type: 'assistant_message.content_part.done', content_index: 0, content: output(text) },
      });
      sse.send({ type: 'thread.item.done', item: done });
    }
    if (failure) {
      this.metrics.chatErrors.inc({ code: sse.disconnected ? 'client.disconnected' : failure.code });
      sse.send({ type: 'error', code: 'custom', message: failure.message, allow_retry: failure.allowRetry });
    }
    return true;
  }
}
