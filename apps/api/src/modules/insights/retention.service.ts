import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { Clock } from '../quota/clock.js';
import { InsightsRepository } from './insights.repository.js';

const DAY_MS = 86_400_000;
const RUN_EVERY_MS = 60 * 60 * 1000;
const BATCH = 500;

/**
 * `TRANSCRIPT_RETENTION_DAYS`: every hour, on every instance, deletes the
 * conversations whose last message is older than that, in batches of
 * {@link BATCH} (see InsightsRepository.deleteExpired for why that is safe
 * with several instances). Unset, nothing is ever deleted.
 */
@Injectable()
export class RetentionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    private readonly repo: InsightsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.transcriptRetentionDays) return;
    this.timer = setInterval(() => void this.purge().catch((err: unknown) => this.fail(err)), RUN_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Deletes every expired conversation now; how many. Overlapping calls share one run. */
  purge(): Promise<number> {
    const days = this.config.transcriptRetentionDays;
    if (!days) return Promise.resolve(0);
    this.running ??= this.run(new Date(this.clock.now().getTime() - days * DAY_MS)).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.repo.deleteExpired(before, BATCH);
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total > 0) this.logger.log(`retention: deleted ${total} conversations idle since ${before.toISOString()}`);
    return total;
  }

  private fail(err: unknown): void {
    this.logger.warn(`retention run failed, next one in an hour (${(err as Error).message})`);
  }
}
