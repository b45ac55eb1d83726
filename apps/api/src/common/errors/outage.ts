/**
 * Recognises errors that mean "PostgreSQL or Redis cannot be reached right
 * now" (as opposed to a bug or a bad query), whichever client raised them: pg,
 * Prisma's driver adapters, PGlite or ioredis. The client may retry these.
 */

/** Seconds a client is told to wait before retrying during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 3;

/** Socket-level failures (Node system error codes). */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Prisma: can't reach / timed out / server closed the connection / pool timeout. */
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** Driver-adapter error kinds that describe the connection, not the query. */
const adapterKinds = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * SQLSTATE: class 08 (connection exception), 57P01-57P03 (shutdown, crash,
 * starting up), 53300 (too many connections).
 */
const isOutageSqlState = (code: string) =>
  /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';

const outageMessages = [
  /^Connection terminated/i, // pg: server went away, or connectionTimeoutMillis
  /timeout exceeded when trying to connect/i, // pg pool
  /Client has encountered a connection error and is not queryable/i, // pg
  /^Connection is closed\.?$/i, // ioredis
  /^Command timed out$/i, // ioredis commandTimeout
  /enableOfflineQueue options is false/i, // ioredis
  /Reached the max retries per request limit/i, // ioredis MaxRetriesPerRequestError
  /^PGlite is closed/i,
];

function isOutageLike(e: Record<string, unknown>): boolean {
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && (socketCodes.has(code) || prismaCodes.has(code) || isOutageSqlState(code))) return true;
  if (typeof e.kind === 'string' && adapterKinds.has(e.kind)) return true;
  if (e.kind === 'postgres' && typeof e.originalCode === 'string' && isOutageSqlState(e.originalCode)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  // The attachments bucket (S3-compatible) unreachable or failing (attachments/s3-attachment-storage.ts).
  if (e.name === 'S3StorageError') return true;
  return typeof e.message === 'string' && outageMessages.some((re) => re.test(e.message as string));
}

/** True when `error` (or anything it wraps) says a database or Redis connection failed. */
export function isDependencyOutage(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const record = e as Record<string, unknown>;
    if (isOutageLike(record)) return true;
    // Wrappers: Error.cause, AggregateError.errors, Prisma's meta.driverAdapterError(.cause).
    queue.push(record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
    const meta = record.meta as Record<string, unknown> | undefined;
    if (meta && typeof meta === 'object') queue.push(meta.driverAdapterError);
  }
  return false;
}
