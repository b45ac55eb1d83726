import { Inject, Injectable } from '@nestjs/common';
import type { TAssistantMessageItem, TOutputText, TWorkflowDefinition } from '@wfchat/contracts';
import { MetricsService } from '../metrics/metrics.service.js';
import { WorkflowRuntime } from '../runtime/runtime.service.js';
import type { RuntimeEvent, TurnInput } from '../runtime/runtime.types.js';
import type { ChatContext } from './chatkit.context.js';
import { assistantMessageItem } from './chatkit.mapper.js';
import type { SseWriter } from './chatkit.sse.js';
import { CHAT_STORE, type ChatStore } from './chatkit.store.js';

export interface TurnRequest {
  ctx: ChatContext;
  threadId: string;
  definition: TWorkflowDefinition;
  input: string;
  history: TurnInput['history'];
  sse: SseWriter;
  /** When the request arrived (performance.now()), for time to first token. */
  startedAt: number;
}

const output = (text: string): TOutputText => ({ type: 'output_text', text, annotations: [] });

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
  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly metrics: MetricsService,
    @Inject(CHAT_STORE) private readonly store: ChatStore,
  ) {}

  async run(turn: TurnRequest): Promise<void> {
    const { sse } = turn;
    sse.send({ type: 'stream_options', stream_options: { allow_cancel: true } });
    let item: TAssistantMessageItem | null = null;
    let text = '';
    let failure: Extract<RuntimeEvent, { type: 'error' }> | null = null;
    const start = () => {
      item = assistantMessageItem(turn.threadId, null);
      sse.send({ type: 'thread.item.added', item });
      sse.send({
        type: 'thread.item.updated',
        item_id: item.id,
        update: { type: 'assistant_message.content_part.added', content_index: 0, content: output('') },
      });
      return item;
    };
    const delta = (current: TAssistantMessageItem, value: string) => {
      if (!text) this.metrics.timeToFirstToken.observe((performance.now() - turn.startedAt) / 1000);
      text += value;
      sse.send({
        type: 'thread.item.updated',
        item_id: current.id,
        update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: value },
      });
    };
    try {
      const events = this.runtime.run({
        definition: turn.definition,
        input: turn.input,
        history: turn.history,
        signal: sse.signal,
      });
      for await (const event of events) {
        if (event.type === 'progress') {
          sse.send({ type: 'progress_update', text: event.text });
        } else if (event.type === 'text_delta') {
          if (event.delta) delta(item ?? start(), event.delta);
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
    await this.finish(turn, item, text, failure);
  }

  private async finish(
    turn: TurnRequest,
    item: TAssistantMessageItem | null,
    text: string,
    failure: Extract<RuntimeEvent, { type: 'error' }> | null,
  ): Promise<void> {
    const { sse } = turn;
    if (item) {
      // Whatever was said stays in the transcript, also when the turn failed or was cancelled.
      const done: TAssistantMessageItem = { ...item, content: [output(text)] };
      await this.store.addItem(turn.ctx, turn.threadId, done);
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
  }
}
