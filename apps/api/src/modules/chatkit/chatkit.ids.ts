import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from the CSPRNG a few kilobytes at a time: one
 * `randomBytes(8)` per id was a visible share of a chat request's CPU.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex8(): string {
  if (offset + 8 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += 8;
  return pool.toString('hex', offset - 8, offset);
}

/**
 * Thread and item ids sort by creation time: `<prefix>_` + 12 hex digits of
 * milliseconds + 16 random hex digits. A page cursor (`after`) therefore keeps
 * its position even when the record it names was deleted meanwhile.
 */
export function timeId(prefix: string, at: Date): string {
  return `${prefix}_${at.getTime().toString(16).padStart(12, '0')}${randomHex8()}`;
}

/** The creation time encoded in an id from `timeId`, or null for anything else. */
export function timeOfId(id: string): Date | null {
  const match = /^[a-z]+_([0-9a-f]{12})[0-9a-f]{16}$/.exec(id);
  return match ? new Date(parseInt(match[1]!, 16)) : null;
}
