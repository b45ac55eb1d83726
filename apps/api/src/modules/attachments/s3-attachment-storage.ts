import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';
import type { AppConfig } from '../../config/config.schema.js';
import type { AttachmentStorage } from './attachment-storage.js';

type S3Config = NonNullable<AppConfig['attachments']['s3']>;

/** The bucket cannot be reached or fails (5xx): a dependency outage, answered 503 + Retry-After. */
export class S3StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'S3StorageError';
  }
}

const bucketError = (status: number, what: string) =>
  status >= 500 ? new S3StorageError(`the bucket ${what} (HTTP ${status})`) : new Error(`the bucket ${what} (HTTP ${status})`);

/** Objects deleted per request (S3 has no batch delete without an XML body; a few at a time is enough for a sweep). */
const DELETE_CONCURRENCY = 8;

/**
 * Bytes as objects `attachments/<id>` in an S3-compatible bucket, through
 * aws4fetch (SigV4 over fetch, no SDK). Uploads stream: the body is signed as
 * UNSIGNED-PAYLOAD with its exact length, so nothing is buffered.
 */
export class S3AttachmentStorage implements AttachmentStorage {
  readonly kind = 's3' as const;
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(config: S3Config) {
    this.client = new AwsClient({
      accessKeyId: config.accessKeyId ?? '',
      secretAccessKey: config.secretAccessKey ?? '',
      service: 's3',
      region: config.region,
    });
    const endpoint = (config.endpoint ?? `https://s3.${config.region}.amazonaws.com`).replace(/\/+$/, '');
    this.base = config.forcePathStyle
      ? `${endpoint}/${encodeURIComponent(config.bucket)}`
      : endpoint.replace('://', `://${config.bucket}.`);
  }

  private url(id: string): string {
    return `${this.base}/attachments/${encodeURIComponent(id)}`;
  }

  async write(id: string, source: Readable, size: number): Promise<void> {
    const failure: { error?: unknown } = {};
    // The source fails (too large, wrong size) by throwing while read: keep that error, not fetch's.
    const body = Readable.toWeb(
      Readable.from(
        (async function* () {
          try {
            yield* source;
          } catch (error) {
            failure.error = error;
            throw error;
          }
        })(),
      ),
    ) as ReadableStream<Uint8Array>;
    let response: Response;
    try {
      response = await this.client.fetch(this.url(id), {
        method: 'PUT',
        body,
        headers: {
          'content-length': String(size),
          'content-type': 'application/octet-stream',
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        },
        // Node's fetch streams a request body only in half-duplex mode.
        duplex: 'half',
      } as RequestInit);
    } catch (error) {
      if (failure.error) throw failure.error;
      throw new S3StorageError(`upload to the bucket failed (${(error as Error).message})`);
    }
    if (failure.error) throw failure.error;
    if (!response.ok) {
      await response.body?.cancel();
      throw bucketError(response.status, 'refused the upload');
    }
    await response.body?.cancel();
  }

  async read(id: string): Promise<Readable> {
    const response = await this.client.fetch(this.url(id), { method: 'GET' }).catch((error: unknown) => {
      throw new S3StorageError(`reading the bucket failed (${(error as Error).message})`);
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw bucketError(response.status, 'has no such object');
    }
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  async remove(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += DELETE_CONCURRENCY) {
      await Promise.all(
        ids.slice(i, i + DELETE_CONCURRENCY).map(async (id) => {
          const response = await this.client.fetch(this.url(id), { method: 'DELETE' });
          await response.body?.cancel();
          // 404: already gone, which is what was asked.
          if (!response.ok && response.status !== 404) {
            throw bucketError(response.status, 'refused a delete');
          }
        }),
      );
    }
  }
}
