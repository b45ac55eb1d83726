import { Redis } from 'ioredis';

/**
 * A command waits at most this long, also in the offline queue while
 * reconnecting, and also when the server stopped answering without closing the
 * socket: a request then fails with 503 instead of hanging.
 */
const COMMAND_TIMEOUT_MS = 1_500;

/**
 * Connects to Redis when configured. Commands fail fast instead of queueing
 * forever while Redis is down, so callers can answer 503 and readiness says so.
 * The offline queue stays on so that commands issued while the first
 * connection is still being made (at boot) simply wait for it.
 */
export function createRedis(url: string, role = 'main'): Redis {
  const client = new Redis(url, {
    connectionName: `wfchat-${role}`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    commandTimeout: COMMAND_TIMEOUT_MS,
    lazyConnect: false,
    // Commands issued in one turn of the event loop leave in one write and come
    // back in one read: under load the rate-limit scripts of concurrent chat
    // requests share a round trip instead of costing a system call each.
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Errors surface on the commands that need Redis; an unhandled 'error' event would crash.
  client.on('error', () => undefined);
  return client;
}
