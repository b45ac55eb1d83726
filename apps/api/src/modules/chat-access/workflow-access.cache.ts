import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module.js';
import { WorkflowAccessRepository, type WorkflowAccess } from './workflow-access.repository.js';

const CHANNEL = 'wfchat:workflow-access:invalidate';
/** Bounds staleness should an invalidation ever be lost; steady-state reads never hit the database. */
const MAX_AGE_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  value: WorkflowAccess | null;
  at: number;
}

/**
 * Publish state and latest version of workflows, checked on every chat request
 * without a database round trip. Every change (publish, rotate, revoke, delete,
 * a saved definition) calls
 * `invalidate`, which drops the entry here and, through Redis pub/sub, on every
 * other API instance. While the subscription is not live (Redis down, or
 * reconnecting and possibly having missed messages) the cache is bypassed, so
 * a rotation is never missed: correctness first, speed when it is safe.
 */
@Injectable()
export class WorkflowAccessCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WorkflowAccessCache.name);
  private readonly entries = new Map<string, Entry>();
  private subscriber: Redis | null = null;
  private live: boolean;
  /** Bumped by every invalidation, so a read that raced one is not cached. */
  private epoch = 0;

  constructor(
    private readonly repository: WorkflowAccessRepository,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {
    // Alone (no Redis), this process sees every change itself.
    this.live = redis === null;
  }

  async onModuleInit() {
    if (!this.redis) return;
    // A subscribed connection can do nothing else, hence its own.
    const subscriber = this.redis.duplicate({ connectionName: 'wfchat-access-sub' });
    subscriber.on('error', () => undefined);
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, workflowId: string) => this.drop(workflowId));
    // Anything may have been published while we were not listening: forget
    // every entry, and (epoch) every read still in flight from before, which
    // may have read the database before a change whose message we missed.
    const goLive = () =>
      subscriber
        .subscribe(CHANNEL)
        .then(() => {
          this.epoch += 1;
          this.entries.clear();
          this.live = true;
        })
        .catch(() => undefined);
    const goDark = () => {
      this.live = false;
      this.epoch += 1;
    };
    subscriber.on('ready', () => void goLive());
    subscriber.on('close', goDark);
    subscriber.on('end', goDark);
    if (subscriber.status === 'ready') await goLive();
  }

  async onModuleDestroy() {
    await this.subscriber?.quit().catch(() => undefined);
  }

  async get(workflowId: string): Promise<WorkflowAccess | null> {
    const hit = this.entries.get(workflowId);
    if (this.live && hit && Date.now() - hit.at < MAX_AGE_MS) {
      // Another instance answers a change only once Redis has delivered its
      // invalidation to us, but our socket may be read after this request's:
      // one turn of the event loop lets every message already here land first.
      if (this.subscriber) await nextLoopTurn();
      // Still cached, it is current: an invalidation deletes the entry, and
      // only a read that raced none replaces it. (Requiring the very entry
      // seen before the wait made every read that ended meanwhile send the
      // hits waiting on it back to the database, and each of those reads
      // did the same to the next hits: under steady traffic, one read in five.)
      const current = this.entries.get(workflowId);
      if (this.live && current) return current.value;
    }
    const epoch = this.epoch;
    const value = await this.repository.find(workflowId);
    if (this.live && epoch === this.epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(workflowId, { value, at: Date.now() });
    }
    return value;
  }

  /**
   * Call after any change to a workflow's publish state or versions, once the change is
   * committed. Never fails: the change is saved whatever happens here. When
   * Redis cannot take the message it is usually down for the other instances
   * too, so their subscriptions are not live and they read the database until
   * they resubscribe (and clear their caches); see ADR 0002 for the rest.
   */
  async invalidate(workflowId: string): Promise<void> {
    this.drop(workflowId);
    try {
      await this.redis?.publish(CHANNEL, workflowId);
    } catch (err) {
      this.logger.warn(`access-cache invalidation of ${workflowId} not published (${(err as Error).message})`);
    }
  }

  private drop(workflowId: string) {
    this.epoch += 1;
    this.entries.delete(workflowId);
  }
}
