import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import { createApp, type CreateAppOptions } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { parseConfig, type AppConfig } from '../../src/config/config.schema.js';
import { createRedis } from '../../src/redis/redis.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: TestDatabase;
  redis: Redis | null;
  /** `http://127.0.0.1:<port>` of the listening server. */
  baseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share a database (for two-instance tests); otherwise each app gets a fresh one. */
  database?: TestDatabase;
  webDistDir?: string;
  /** Listen here instead of a random port (when the URL must be known before start). */
  port?: number;
  /** Where log lines go (default: stdout, silent unless TEST_LOG_LEVEL). */
  logSink?: import('pino').DestinationStream;
  onRoute?: CreateAppOptions['onRoute'];
}

/** Boots the real application on a random port against a real database (and Redis when configured). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const config = parseConfig({
    NODE_ENV: 'test',
    // Generated keys and demo details go to a directory of this app's own.
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-app-')),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    REDIS_URL: process.env.REDIS_URL,
    SEED_DEMO: 'false',
    WEB_DIST_DIR: options.webDistDir ?? '/nonexistent',
    // With Redis, counters are shared by every test in the run: only tests
    // about limits lower them (and use their own client IPs).
    RATE_LIMIT_IP_PER_MIN: '100000',
    RATE_LIMIT_PRINCIPAL_PER_MIN: '100000',
    RATE_LIMIT_MESSAGES_PER_MIN: '100000',
    RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN: '100000',
    RATE_LIMIT_SESSIONS_PER_MIN: '100000',
    RATE_LIMIT_SIGNUP_PER_HOUR: '100000',
    RATE_LIMIT_LOGIN_IP_PER_15MIN: '100000',
    ...options.env,
  });
  const redis = config.redisUrl ? createRedis(config.redisUrl) : null;
  const app = await createApp({
    config,
    db: database.db,
    redis,
    logger: createLogger(config.logLevel, options.logSink),
    onRoute: options.onRoute,
  });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    config,
    database,
    redis,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}

export interface TwoTestApps {
  a: TestApp;
  b: TestApp;
  close(): Promise<void>;
}

/**
 * Two instances on one fresh database and the run's Redis, with the same JWT
 * keys and one public URL (so one JWT issuer): as behind a load balancer.
 */
export async function startTwoTestApps(): Promise<TwoTestApps> {
  const { randomBytes } = await import('node:crypto');
  const database = await createTestDatabase();
  const env = {
    CHAT_JWT_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
    PUBLIC_BASE_URL: 'http://chat.wfchat.test',
  };
  const a = await startTestApp({ database, env });
  const b = await startTestApp({ database, env });
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      await database.drop();
    },
  };
}
