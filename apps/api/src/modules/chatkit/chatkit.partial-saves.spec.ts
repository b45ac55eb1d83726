import { setTimeout as sleep } from 'node:timers/promises';
import type { TThreadItem } from '@wfchat/contracts';
import { describe, expect, it } from 'vitest';
import { PARTIAL_BATCH_MS, PartialSaves } from './chatkit.partial-saves.js';
import type { ChatStore } from './chatkit.store.js';

const answer = (id: string, text: string) =>
  ({
    id,
    type: 'assistant_message',
    content: [{ type: 'output_text', text, annotations: [] }],
  }) as unknown as TThreadItem;
const textOf = (item: TThreadItem) => (item as unknown as { content: { text: string }[] }).content[0]!.text;

function setup(write: () => Promise<void> = async () => undefined) {
  const batches: string[][] = [];
  const store = {
    updateItems: async (items: { threadId: string; item: TThreadItem }[]) => {
      batches.push(items.map((u) => `${u.threadId}/${u.item.id}:${textOf(u.item)}`));
      await write();
    },
  } as unknown as ChatStore;
  return { batches, saves: new PartialSaves(store) };
}

describe('PartialSaves', () => {
  it('writes the saves of many answers in one statement, each with its latest text', async () => {
    const { batches, saves } = setup();
    saves.queue('thr_1', answer('msg_1', 'Hel'));
    saves.queue('thr_2', answer('msg_2', 'Bon'));
    saves.queue('thr_1', answer('msg_1', 'Hello'));
    expect(batches).toEqual([]);
    await sleep(PARTIAL_BATCH_MS + 50);
    expect(batches).toEqual([['thr_1/msg_1:Hello', 'thr_2/msg_2:Bon']]);
    saves.queue('thr_2', answer('msg_2', 'Bonjour'));
    await sleep(PARTIAL_BATCH_MS + 50);
    expect(batches).toEqual([['thr_1/msg_1:Hello', 'thr_2/msg_2:Bon'], ['thr_2/msg_2:Bonjour']]);
  });

  it('settle takes an answer out of the next batch, so its final save cannot be overwritten', async () => {
    const { batches, saves } = setup();
    saves.queue('thr_1', answer('msg_1', 'Hel'));
    saves.queue('thr_2', answer('msg_2', 'Bon'));
    await saves.settle('msg_1');
    await sleep(PARTIAL_BATCH_MS + 50);
    expect(batches).toEqual([['thr_2/msg_2:Bon']]);
  });

  it('settle waits for the batch being written', async () => {
    let release!: () => void;
    const { batches, saves } = setup(() => new Promise<void>((resolve) => (release = resolve)));
    saves.queue('thr_1', answer('msg_1', 'Hel'));
    await sleep(PARTIAL_BATCH_MS + 50);
    expect(batches).toHaveLength(1);
    let settled = false;
    const settling = saves.settle('msg_1').then(() => (settled = true));
    await sleep(20);
    expect(settled).toBe(false);
    release();
    await settling;
    expect(settled).toBe(true);
  });

  it('a failed batch is only logged: the next one is written', async () => {
    let fail = true;
    const { batches, saves } = setup(async () => {
      if (fail) throw new Error('connect ECONNREFUSED');
    });
    saves.queue('thr_1', answer('msg_1', 'Hel'));
    await sleep(PARTIAL_BATCH_MS + 50);
    fail = false;
    saves.queue('thr_1', answer('msg_1', 'Hello'));
    await sleep(PARTIAL_BATCH_MS + 50);
    expect(batches).toEqual([['thr_1/msg_1:Hel'], ['thr_1/msg_1:Hello']]);
    await saves.settle('msg_1');
  });
});
