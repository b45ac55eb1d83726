import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live. One implementation per backend, chosen once at
 * boot: the database (default) or an S3-compatible bucket. Both take and give
 * streams so no file is ever held whole in memory.
 */
export interface AttachmentStorage {
  readonly kind: 'db' | 's3';
  /**
   * Stores `size` bytes read from `source` under `id`. When the source fails
   * part way (too large, wrong type, client gone) it rejects and keeps nothing.
   */
  write(id: string, source: Readable, size: number): Promise<void>;
  /** The stored bytes, streamed; rejects when there are none. */
  read(id: string): Promise<Readable>;
  /** Forgets the bytes of these attachments (missing ones are fine). */
  remove(ids: string[]): Promise<void>;
}

export const ATTACHMENT_STORAGE = Symbol('ATTACHMENT_STORAGE');
