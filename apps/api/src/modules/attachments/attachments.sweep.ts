import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { Clock } from '../quota/clock.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { AttachmentsRepository } from './attachments.repository.js';

const RUN_EVERY_MS = 15 * 60 * 1000;
const BATCH = 200;

/**
 * Uploads that no message references after ATTACHMENTS_UNREFERENCED_TTL_HOURS
 * are deleted, rows and bytes, every 15 minutes on every instance. Running
 * on several instances at once is safe: a row is only deleted while still
 * unreferenced, and only the bytes of rows actually deleted are removed.
 * Attachments of a deleted conversation go with it: their rows cascade, and
 * for objects in S3 a trigger leaves a note that the sweep acts on next.
 */
@Injectable()
export class AttachmentsSweep implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AttachmentsSweep.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    private readonly repo: AttachmentsRepository,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep().catch((err: unknown) => this.fail(err)), RUN_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Deletes every expired unreferenced upload now; how many. Overlapping calls share one run. */
  sweep(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.attachments.unreferencedTtlMs);
    this.running ??= this.run(before).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.repo.unreferencedBefore(before, BATCH);
      if (!batch.length) break;
      const deleted = await this.repo.deleteUnreferenced(batch.map((a) => a.id));
      await this.storage.remove(deleted);
      total += deleted.length;
      if (batch.length < BATCH) break;
    }
    if (total > 0) this.logger.log(`attachments: deleted ${total} uploads no message used since ${before.toISOString()}`);
    await this.removeOrphans();
    return total;
  }

  /** Objects whose rows are gone (their conversation or workflow was deleted). */
  private async removeOrphans(): Promise<void> {
    for (;;) {
      const ids = await this.repo.orphans(BATCH);
      if (!ids.length) return;
      await this.storage.remove(ids);
      await this.repo.forgetOrphans(ids);
      if (ids.length < BATCH) return;
    }
  }

  private fail(err: unknown): void {
    this.logger.warn(`attachment sweep failed, next one in 15 minutes (${(err as Error).message})`);
  }
}
