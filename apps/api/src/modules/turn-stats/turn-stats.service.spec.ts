import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TurnStat, TurnStatsRepository } from './turn-stats.repository.js';
import { TURN_STATS_BATCH_MAX, TURN_STATS_BATCH_MS, TurnStats } from './turn-stats.service.js';

const turn = (workflowId: string, ttftMs: number | null = 5): TurnStat => ({
  workflowId,
  at: new Date(),
  ttftMs,
  llmTokensIn: 0,
  llmTokensOut: 0,
  error: false,
});

function setup(insert: (turns: TurnStat[]) => Promise<void> = async () => undefined) {
  const batches: string[][] = [];
  const repo = {
    insert: async (turns: TurnStat[]) => {
      batches.push(turns.map((t) => t.workflowId));
      await insert(turns);
    },
  } as unknown as TurnStatsRepository;
  return { batches, stats: new TurnStats(repo) };
}

describe('TurnStats', () => {
  it('writes the turns answered meanwhile in one statement, after a short wait', async () => {
    const { batches, stats } = setup();
    stats.record(turn('wf_1'));
    stats.record(turn('wf_2'));
    stats.record(turn('wf_1', null));
    expect(batches).toEqual([]);
    await sleep(TURN_STATS_BATCH_MS + 50);
    expect(batches).toEqual([['wf_1', 'wf_2', 'wf_1']]);
    stats.record(turn('wf_3'));
    await sleep(TURN_STATS_BATCH_MS + 50);
    expect(batches).toEqual([['wf_1', 'wf_2', 'wf_1'], ['wf_3']]);
  });

  it('flush writes what waits at once and resolves when it is written', async () => {
    let written = false;
    const { batches, stats } = setup(async () => {
      await sleep(20);
      written = true;
    });
    stats.record(turn('wf_1'));
    await stats.flush();
    expect(written).toBe(true);
    expect(batches).toEqual([['wf_1']]);
    await sleep(TURN_STATS_BATCH_MS + 50);
    expect(batches).toEqual([['wf_1']]);
  });

  it('a full batch is written without waiting, so what waits stays bounded', async () => {
    const { batches, stats } = setup();
    for (let i = 0; i < TURN_STATS_BATCH_MAX + 1; i += 1) stats.record(turn(`wf_${i}`));
    await sleep(0);
    expect(batches.map((b) => b.length)).toEqual([TURN_STATS_BATCH_MAX]);
    await stats.flush();
    expect(batches.map((b) => b.length)).toEqual([TURN_STATS_BATCH_MAX, 1]);
  });

  it('batches never overlap, and a failed one is dropped while the next is written', async () => {
    let running = 0;
    let overlapped = false;
    let calls = 0;
    const { batches, stats } = setup(async () => {
      calls += 1;
      running += 1;
      overlapped ||= running > 1;
      await sleep(30);
      running -= 1;
      if (calls === 1) throw new Error('connection terminated');
    });
    stats.record(turn('wf_1'));
    const first = stats.flush();
    stats.record(turn('wf_2'));
    const second = stats.flush();
    await expect(first).resolves.toBeUndefined();
    await second;
    expect(overlapped).toBe(false);
    expect(batches).toEqual([['wf_1'], ['wf_2']]);
  });

  it('writes what waits when the application shuts down', async () => {
    const { batches, stats } = setup();
    stats.record(turn('wf_1'));
    await stats.onModuleDestroy();
    expect(batches).toEqual([['wf_1']]);
  });
});
