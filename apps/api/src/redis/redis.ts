import { Redis } from 'ioredis';

/**
 * Connects to Redis when configured. Commands fail fast instead of queueing
 * forever while Redis is down, so callers can answer 503 and readiness says so.
 */
export function createRedis(url: string, role = 'main'): Redis {
  const client = new Redis(url, {
    connectionName: `wfchat-${role}`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Errors surface on the commands that need Redis; an unhandled 'error' event would crash.
  client.on('error', () => undefined);
  return client;
}
