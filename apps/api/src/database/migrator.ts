import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SqlClient } from './sql-client.js';

/**
 * Applies `prisma/migrations/<ts>_<name>/migration.sql` in order and records each
 * in `_prisma_migrations` exactly as Prisma Migrate does (same table, sha256
 * checksum of the file, timestamps, applied step count), so `prisma migrate
 * deploy`/`status` agree with us wherever the engine is available.
 * See docs/adr/0001-prisma-migrations-as-sql.md.
 */

// Any constant shared by every instance; two instances starting at once queue on it.
const MIGRATION_LOCK_KEY = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
  warnings: string[];
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`Migration ${migration} failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'MigrationError';
  }
}

export function readMigrations(dir: string): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(sql: SqlClient, dir: string): Promise<MigrationResult> {
  const migrations = readMigrations(dir);
  return sql.withAdvisoryLock(MIGRATION_LOCK_KEY, async (conn) => {
    await conn.exec(CREATE_TABLE);
    const rows = await conn.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const done = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r]));
    const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
    if (failed) {
      throw new MigrationError(
        failed.migration_name,
        new Error('it is recorded as started but not finished; resolve it before migrating again'),
      );
    }
    const result: MigrationResult = { applied: [], alreadyApplied: [], warnings: [] };
    const known = new Set(migrations.map((m) => m.name));
    for (const row of done.values()) {
      if (!known.has(row.migration_name)) {
        result.warnings.push(`${row.migration_name} is applied in the database but missing from ${dir}`);
      }
    }
    for (const m of migrations) {
      const row = done.get(m.name);
      if (row) {
        if (row.checksum !== m.checksum) result.warnings.push(`${m.name} was modified after it was applied`);
        result.alreadyApplied.push(m.name);
        continue;
      }
      // One transaction per migration: a failure leaves nothing half-applied.
      try {
        await conn.exec('BEGIN');
        const started = new Date();
        await conn.exec(m.sql);
        await conn.query(
          `INSERT INTO "_prisma_migrations"
             (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, $4, now(), 1)`,
          [randomUUID(), m.checksum, m.name, started],
        );
        await conn.exec('COMMIT');
      } catch (error) {
        await conn.exec('ROLLBACK').catch(() => undefined);
        throw new MigrationError(m.name, error);
      }
      result.applied.push(m.name);
    }
    return result;
  });
}
