import { Readable } from 'node:stream';
import { ErrorCode } from '@wfchat/contracts';
import { AppError } from '../../common/errors/app-error.js';
import { SNIFF_BYTES, sniffType } from './attachment-types.js';

export const tooLarge = (maxBytes: number) =>
  new AppError(413, ErrorCode.AttachmentTooLarge, `This file is too large: files up to ${formatBytes(maxBytes)} can be attached.`, {
    // The rest of an oversized body is not read: the connection cannot be reused.
    Connection: 'close',
  });

export const unsupportedType = (allowed: readonly string[]) =>
  new AppError(
    415,
    ErrorCode.AttachmentUnsupportedType,
    `This kind of file cannot be attached. Allowed: ${allowed.join(', ')}.`,
  );

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** An upload whose type was read from its first bytes, and the body to store, checked as it streams. */
export interface CheckedUpload {
  type: string | null;
  body: Readable;
  /** Bytes that went through `body` so far (the whole size once it ended). */
  bytes(): number;
}

/**
 * Reads just enough of `source` to sniff its type, then hands back a stream
 * of the same bytes that fails with 413 as soon as more than `maxBytes` went
 * through and, at the end, with 400 when the size differs from the declared
 * one. Memory: the head plus whatever the consumer buffers.
 */
export async function checkUpload(source: Readable, maxBytes: number, declaredSize: number): Promise<CheckedUpload> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
    if (headBytes > maxBytes) throw tooLarge(maxBytes);
  }
  const first = Buffer.concat(head, headBytes);
  const type = await sniffType(first.subarray(0, SNIFF_BYTES));
  let total = 0;
  async function* body() {
    total = first.length;
    if (first.length) yield first;
    while (!ended) {
      const next = await iterator.next();
      if (next.done) break;
      total += next.value.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      yield next.value;
    }
    if (total !== declaredSize) {
      throw new AppError(
        400,
        ErrorCode.RequestInvalid,
        `The upload had ${total} bytes but the attachment was created with size ${declaredSize}.`,
      );
    }
  }
  return { type, body: Readable.from(body(), { objectMode: false }), bytes: () => total };
}
