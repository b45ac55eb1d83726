import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { createLogger } from './common/logging/logger.js';
import { migrationsDir } from './common/paths.js';
import { ConfigError, parseConfig } from './config/config.schema.js';
import { openDatabase } from './database/database.js';
import { migrate } from './database/migrator.js';
import { DemoSeedService } from './modules/demo/demo-seed.service.js';
import { DrainService } from './modules/health/drain.service.js';
import { createRedis } from './redis/redis.js';

async function main() {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nFix these environment variables and start again.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const migrations = await migrate(db.sql, migrationsDir);
  for (const warning of migrations.warnings) logger.warn({ warning }, 'migration check');
  if (migrations.applied.length) logger.info({ applied: migrations.applied }, 'migrations applied');
  const redis = config.redisUrl ? createRedis(config.redisUrl) : null;

  const app = await createApp({ config, db, redis, logger });
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during the drain: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, drainTimeoutMs: config.drainTimeoutMs }, 'draining: not ready, refusing new requests');
    const cut = await app.get(DrainService).drain(config.drainTimeoutMs);
    if (cut) logger.warn({ cut }, 'drain timeout: cut the requests still running');
    await app.close();
    await db.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (s) => void shutdown(s));

  const demo = await app.get(DemoSeedService).ensure();
  // Node's default accept queue (511) overflows when thousands of chats connect at
  // once, and each dropped SYN costs the client a retransmit of a second or more.
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  const base = config.publicBaseUrl;
  const lines = [
    '',
    `  wfchat is running (${db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
    `  Canvas:        ${base}/`,
    ...(demo
      ? [
          `  Demo account:  ${demo.email} / ${demo.password}`,
          demo.shareUrl
            ? `  Demo chat:     ${demo.shareUrl}`
            : '  Demo chat:     (the demo link was rotated or unpublished; publish it again in Canvas)',
        ]
      : []),
    `  API health:    ${base}/api/healthz`,
  ];
  // Log lines wait in a buffer: out first, so that the addresses come last.
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error) => {
  process.stderr.write(`wfchat failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
