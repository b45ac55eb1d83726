import { randomBytes } from 'node:crypto';

/**
 * Thread and item ids sort by creation time: `<prefix>_` + 12 hex digits of
 * milliseconds + 16 random hex digits. A page cursor (`after`) therefore keeps
 * its position even when the record it names was deleted meanwhile.
 */
export function timeId(prefix: string, at: Date): string {
  return `${prefix}_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(8).toString('hex')}`;
}

/** The creation time encoded in an id from `timeId`, or null for anything else. */
export function timeOfId(id: string): Date | null {
  const match = /^[a-z]+_([0-9a-f]{12})[0-9a-f]{16}$/.exec(id);
  return match ? new Date(parseInt(match[1]!, 16)) : null;
}
