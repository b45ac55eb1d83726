import { describe, expect, it } from 'vitest';
import type { TThreadItem, TThreadStreamEvent } from '@wfchat/contracts';
import { parseConfig } from '../../config/config.schema.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { WorkflowRuntime } from '../runtime/runtime.service.js';
import type { RuntimeEvent } from '../runtime/runtime.types.js';
import { PartialSaves } from './chatkit.partial-saves.js';
import type { SseWriter } from './chatkit.sse.js';
import type { ChatStore } from './chatkit.store.js';
import type { TurnMeter } from './chatkit.turn-meter.js';
import { ChatkitTurns } from './chatkit.turn.js';

const outage = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function setup(
  saveItem: (item: TThreadItem) => Promise<boolean>,
  partialSaveMs = 3000,
  nodes: { id: string; type: string; config: object }[] = [],
) {
  const log: string[] = [];
  const runtime = {
    async *run(): AsyncGenerator<RuntimeEvent> {
      for (const word of ['Hello ', 'there ', 'visitor']) yield { type: 'text_delta', delta: word };
      yield { type: 'final', text: 'Hello there visitor' };
    },
  } as unknown as WorkflowRuntime;
  const store = {
    saveItem: (_ctx: unknown, _thread: string, item: TThreadItem) => (log.push('save'), saveItem(item)),
    updateItems: async () => {
      log.push('update');
    },
  } as unknown as ChatStore;
  const config = parseConfig({ CHATKIT_PARTIAL_SAVE_MS: String(partialSaveMs) });
  const events: TThreadStreamEvent[] = [];
  const sse = {
    send: (e: TThreadStreamEvent) => {
      events.push(e);
      log.push(e.type);
    },
    hold: () => log.push('hold'),
    release: () => log.push('release'),
    signal: new AbortController().signal,
    disconnected: false,
  };
  const meter = {
    record: async () => {
      log.push('record');
    },
  } as unknown as TurnMeter;
  const turns = new ChatkitTurns(runtime, new MetricsService(), store, config, meter, new PartialSaves(store), {
    turnTimeoutMs: 1,
  });
  const turn = {
    ctx: { workflowId: 'wf_1', principal: 'user_1', mode: 'canvas' as const },
    threadId: 'thr_1',
    definition: { v: 1, nodes, edges: [] } as never,
    input: 'hi',
    history: [],
  };
  const run = () => turns.run({ ...turn, sse: sse as unknown as SseWriter, startedAt: performance.now() });
  const playAtOnce = () => turns.playAtOnce({ ...turn, startedAt: performance.now() });
  return { events, log, run, playAtOnce, sse: sse as unknown as SseWriter };
}

const types = (events: TThreadStreamEvent[]) => events.map((e) => e.type);

describe('ChatkitTurns: saving the answer', () => {
  it('retries the final save through a short outage, then sends the answer as done', async () => {
    let calls = 0;
    const { events, run } = setup(async () => {
      calls += 1;
      if (calls <= 2) throw outage();
      return true;
    });
    await run();
    expect(calls).toBe(3);
    const done = events.find((e) => e.type === 'thread.item.done');
    expect(done && 'item' in done && done.item.type === 'assistant_message' && done.item.content[0]?.text).toBe(
      'Hello there visitor',
    );
    expect(types(events)).not.toContain('error');
  });

  it('when the save keeps failing, ends with an in-band error that allows retry and never claims the answer is done', async () => {
    const { events, run } = setup(async () => {
      throw outage();
    });
    await run();
    expect(types(events)).not.toContain('thread.item.done');
    const error = events.at(-1)!;
    expect(error).toMatchObject({ type: 'error', allow_retry: true });
  }, 20_000);

  it('a failure that is not an outage is not retried', async () => {
    let calls = 0;
    const { events, run } = setup(async () => {
      calls += 1;
      throw new TypeError('bug');
    });
    await run();
    expect(calls).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: 'error', allow_retry: true });
  });
});

describe('ChatkitTurns: when the events leave', () => {
  it('holds an answer that is ready at once until it is saved, so that it leaves in one write', async () => {
    const { log, run } = setup(async () => true, 3000, [
      { id: 't', type: 'template', config: { template: 'Hi' } },
      { id: 'r', type: 'reply', config: {} },
    ]);
    await run();
    expect(log[0]).toBe('hold');
    expect(log.indexOf('release')).toBeGreaterThan(log.lastIndexOf('thread.item.done'));
    expect(log.indexOf('save')).toBeLessThan(log.indexOf('release'));
  });

  it('lets a workflow that calls out stream as it goes', async () => {
    const { log, run } = setup(async () => true, 3000, [
      { id: 'l', type: 'llm', config: {} },
      { id: 'r', type: 'reply', config: {} },
    ]);
    await run();
    expect(log).not.toContain('hold');
    expect(log).toContain('thread.item.done');
  });

  it('releases what it held when the answer could not be saved', async () => {
    const { log, run } = setup(async () => {
      throw new TypeError('bug');
    });
    await run();
    expect(log.slice(-2)).toEqual(['release', 'record']);
    expect(log).toContain('error');
  });
});

describe('ChatkitTurns: a turn played before anything is saved', () => {
  it('saves and sends nothing itself: it hands over the answer to save, then sends the same events as a turn that saved it', async () => {
    const template = [
      { id: 't', type: 'template', config: { template: 'Hi' } },
      { id: 'r', type: 'reply', config: {} },
    ];
    const played = setup(async () => true, 3000, template);
    const turn = await played.playAtOnce();
    expect(played.log).toEqual([]);
    expect(turn.items).toEqual([
      expect.objectContaining({
        type: 'assistant_message',
        content: [{ type: 'output_text', text: 'Hello there visitor', annotations: [] }],
      }),
    ]);
    await turn.deliver(played.sse);
    expect(played.log.at(-1)).toBe('record');
    expect(played.log).not.toContain('save');

    const saved = setup(async () => true, 3000, template);
    await saved.run();
    const shape = (events: TThreadStreamEvent[]) =>
      JSON.stringify(events).replace(/msg_[0-9a-f]+/g, 'msg').replace(/"created_at":"[^"]+"/g, '');
    expect(shape(played.events)).toBe(shape(saved.events));
  });

  it('is only for turns whose answer is ready at once and whose steps nobody watches', async () => {
    const turns = new ChatkitTurns(
      {} as WorkflowRuntime,
      new MetricsService(),
      {} as ChatStore,
      parseConfig({}),
      {} as TurnMeter,
      {} as PartialSaves,
    );
    const def = (type: string) => ({ v: 1, nodes: [{ id: 'n', type, config: {} }], edges: [] }) as never;
    expect(turns.canPlayAtOnce(def('template'), false)).toBe(true);
    expect(turns.canPlayAtOnce(def('choices'), false)).toBe(true);
    expect(turns.canPlayAtOnce(def('template'), true)).toBe(false);
    expect(turns.canPlayAtOnce(def('llm'), false)).toBe(false);
    expect(turns.canPlayAtOnce(def('http'), false)).toBe(false);
  });
});
