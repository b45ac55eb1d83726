import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type TurnStat, TurnStatsRepository } from './turn-stats.repository.js';

/** How long a turn's row may wait for the others of its batch. */
export const TURN_STATS_BATCH_MS = 250;
/** A batch this large is written at once: memory stays bounded whatever the load. */
export const TURN_STATS_BATCH_MAX = 1_000;

/**
 * The analytics rows of answered visitor turns, written together: one
 * statement per `TURN_STATS_BATCH_MS` for every turn answered meanwhile,
 * instead of one per turn after each answer (a round trip that cost a
 * visitor's template turn ~30% of its API CPU, and held the stream open until
 * it was written).
 * Readers call `flush` first, so this instance's turns are always counted;
 * another instance's show up within a batch. A row is what the author's
 * charts count, never what a visitor was told was saved: a failed batch is
 * logged and dropped, as a failed single row was.
 */
@Injectable()
export class TurnStats implements OnModuleDestroy {
  private readonly logger = new Logger(TurnStats.name);
  private pending: TurnStat[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly repo: TurnStatsRepository) {}

  record(turn: TurnStat): void {
    this.pending.push(turn);
    if (this.pending.length >= TURN_STATS_BATCH_MAX) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), TURN_STATS_BATCH_MS);
      this.timer.unref();
    }
  }

  /** Writes what is waiting now; resolves once every batch so far is written (or given up). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) {
      // One batch at a time: a pool's worth of concurrent inserts would only compete with the chats.
      this.writing = this.writing.then(() =>
        this.repo
          .insert(batch)
          .catch((err: unknown) =>
            this.logger.warn(`${batch.length} turns not counted in analytics (${(err as Error).message})`),
          ),
      );
    }
    return this.writing;
  }

  /** After the drain (every stream has ended), before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
