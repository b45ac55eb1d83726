import { Readable } from 'node:stream';
import type { Database } from '../../database/database.js';
import type { AttachmentStorage } from './attachment-storage.js';

/** Rows of at most this many bytes: one row in memory at a time, few rows per file. */
export const CHUNK_BYTES = 256 * 1024;

const INSERT_CHUNK = `INSERT INTO "ChatAttachmentChunk" ("attachmentId", "seq", "data") VALUES ($1, $2, $3)`;
const READ_CHUNK = `SELECT "data" FROM "ChatAttachmentChunk" WHERE "attachmentId" = $1 AND "seq" = $2`;
const DELETE_CHUNKS = `DELETE FROM "ChatAttachmentChunk" WHERE "attachmentId" = ANY($1::text[])`;

/**
 * Bytes as `bytea` rows of {@link CHUNK_BYTES}: works on PGlite and, on
 * PostgreSQL, from every instance without another service. Chunks are written
 * as they arrive and read back one query per chunk, so memory stays at about
 * one chunk per transfer whatever the file size.
 */
export class DbAttachmentStorage implements AttachmentStorage {
  readonly kind = 'db' as const;

  constructor(private readonly db: Database) {}

  async write(id: string, source: Readable, _size: number): Promise<void> {
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (bytes: number) => {
      const all = Buffer.concat(pending, pendingBytes);
      const chunk = all.subarray(0, bytes);
      pending = bytes < all.length ? [all.subarray(bytes)] : [];
      pendingBytes = all.length - bytes;
      seq += 1;
      await this.db.sql.query(INSERT_CHUNK, [id, seq, chunk]);
    };
    try {
      for await (const data of source) {
        const buf = data as Buffer;
        pending.push(buf);
        pendingBytes += buf.length;
        while (pendingBytes >= CHUNK_BYTES) await flush(CHUNK_BYTES);
      }
      if (pendingBytes > 0) await flush(pendingBytes);
    } catch (error) {
      await this.remove([id]);
      throw error;
    }
  }

  async read(id: string): Promise<Readable> {
    const db = this.db;
    async function* chunks() {
      for (let seq = 1; ; seq += 1) {
        const [row] = await db.sql.query<{ data: Uint8Array }>(READ_CHUNK, [id, seq]);
        if (!row) return;
        yield Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await this.db.sql.query(DELETE_CHUNKS, [ids]);
  }
}
