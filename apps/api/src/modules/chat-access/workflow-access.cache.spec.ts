import { EventEmitter } from 'node:events';
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { WorkflowAccessCache } from './workflow-access.cache.js';
import type { WorkflowAccess, WorkflowAccessRepository } from './workflow-access.repository.js';

/** A subscriber connection that is live at once and delivers what `publish` sends. */
function fakeRedis() {
  const subscriber = Object.assign(new EventEmitter(), {
    status: 'ready',
    subscribe: async () => 1,
    quit: async () => 'OK',
  });
  const redis = {
    duplicate: () => subscriber,
    publish: async (channel: string, message: string) => {
      subscriber.emit('message', channel, message);
      return 1;
    },
  };
  return redis as unknown as Redis;
}

/** A repository whose reads finish when the test says so. */
function slowRepository() {
  const reads: (() => void)[] = [];
  const repository = {
    find: (id: string) =>
      new Promise<WorkflowAccess | null>((resolve) =>
        reads.push(() => resolve({ id, reads: reads.length } as unknown as WorkflowAccess)),
      ),
  } as unknown as WorkflowAccessRepository;
  return { repository, reads };
}

async function liveCache() {
  const { repository, reads } = slowRepository();
  const cache = new WorkflowAccessCache(repository, fakeRedis());
  await cache.onModuleInit();
  return { cache, reads };
}

describe('WorkflowAccessCache', () => {
  it('a hit stays a hit when a read that started earlier ends meanwhile', async () => {
    const { cache, reads } = await liveCache();
    const first = cache.get('wf_1');
    const second = cache.get('wf_1'); // both missed: two reads
    expect(reads).toHaveLength(2);
    reads[0]!();
    await first;
    const hit = cache.get('wf_1'); // waits one turn of the event loop before trusting the entry
    reads[1]!(); // the second read ends during that turn and stores its (equally fresh) value
    await second;
    await hit;
    expect(reads).toHaveLength(2);
  });

  it('a hit is not trusted when an invalidation arrives during its wait', async () => {
    const { cache, reads } = await liveCache();
    const first = cache.get('wf_1');
    reads[0]!();
    await first;
    const hit = cache.get('wf_1');
    await cache.invalidate('wf_1');
    await nextLoopTurn();
    expect(reads).toHaveLength(2);
    reads[1]!();
    expect(await hit).toMatchObject({ reads: 2 });
  });
});
