import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TThreadItem } from '@wfchat/contracts';
import { CHAT_STORE, type ChatStore } from './chatkit.store.js';

/** How long a partial save may wait for the others of its batch. */
export const PARTIAL_BATCH_MS = 250;

/**
 * The partial saves of streaming answers after each one's first (which adds
 * the item), written together: one statement per `PARTIAL_BATCH_MS` for all
 * the answers that asked meanwhile, instead of one per answer (2,000 answers
 * saved every 3 s were ~700 statements a second). Batches never overlap, so
 * an older text cannot land after a newer one.
 */
@Injectable()
export class PartialSaves {
  private readonly logger = new Logger(PartialSaves.name);
  /** The latest content of each item waiting for the next batch. */
  private pending = new Map<string, { threadId: string; item: TThreadItem }>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(@Inject(CHAT_STORE) private readonly store: ChatStore) {}

  /** Saves `item`, stored before, with the next batch; a later call for the same item replaces this one. */
  queue(threadId: string, item: TThreadItem): void {
    this.pending.set(item.id, { threadId, item });
    if (!this.timer) {
      this.timer = setTimeout(this.flush, PARTIAL_BATCH_MS);
      // The final save of every answer supersedes its partial ones: nothing here must keep a process alive.
      this.timer.unref();
    }
  }

  /** Takes the item out of the next batch and waits for the batch being written: no partial save of it lands after this. */
  async settle(itemId: string): Promise<void> {
    this.pending.delete(itemId);
    await this.writing;
  }

  private readonly flush = (): void => {
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (!batch.length) return;
    this.writing = this.writing
      .then(() => this.store.updateItems(batch))
      .catch((err: unknown) =>
        // The next batch, or the answer's final save, catches up.
        this.logger.warn(`${batch.length} partial answers not saved (${(err as Error).message})`),
      );
  };
}
