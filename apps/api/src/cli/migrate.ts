import { migrationsDir } from '../common/paths.js';
import { ConfigError, parseConfig } from '../config/config.schema.js';
import { openDatabase } from '../database/database.js';
import { migrate } from '../database/migrator.js';

/** `npm run db:migrate`: applies pending migrations to the configured database. */
async function run() {
  const config = parseConfig(process.env);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await migrate(db.sql, migrationsDir);
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s):\n${result.applied.map((m) => `  ${m}`).join('\n')}\n`
        : `Database is up to date (${result.alreadyApplied.length} migration(s) applied).\n`,
    );
  } finally {
    await db.close();
  }
}

run().catch((error) => {
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `Migration failed: ${(error as Error).message}\n`,
  );
  process.exit(1);
});
