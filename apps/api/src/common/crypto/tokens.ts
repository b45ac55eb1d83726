import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `prefix` + 256 random bits, base64url (43 characters). */
export function randomToken(prefix = '', bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Resource ids: short, URL-safe, unguessable. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two strings without leaking, through timing, where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The last characters of a token, for display only. */
export function tokenHint(token: string): string {
  return token.slice(-4);
}
