import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/common/paths.js';
import { migrate, MigrationError, readMigrations } from '../src/database/migrator.js';
import { createEmptyDatabase, serverUrl, type TestDatabase } from './support/test-db.js';

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.drop();
  t = undefined;
});

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

describe('migrations', () => {
  it('applies every migration once and records it the way Prisma Migrate does', async () => {
    t = await createEmptyDatabase();
    const first = await migrate(t.db.sql, migrationsDir);
    const files = readMigrations(migrationsDir);
    expect(first.applied).toEqual(files.map((f) => f.name));

    const rows = await t.db.sql.query<Row>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      const sql = fs.readFileSync(path.join(migrationsDir, files[i]!.name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const second = await migrate(t.db.sql, migrationsDir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));
    const count = await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(count[0]!.n).toBe(files.length);
  });

  it('turns the token of every published workflow into its first share link, so shared links keep working', async () => {
    t = await createEmptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-mig-'));
    const copy = (name: string) => fs.cpSync(path.join(migrationsDir, name), path.join(dir, name), { recursive: true });
    copy('20261122000000_init');
    await migrate(t.db.sql, dir);
    await t.db.sql.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('usr_1', 'a@example.test', now())`);
    await t.db.sql.query(
      `INSERT INTO "Workflow" (id, "ownerId", name, "updatedAt", "isPublic", "publishTokenHash", "publishTokenHint", "publishedAt", "publishTokenRotatedAt")
       VALUES ('wf_pub', 'usr_1', 'Published', now(), true, 'hash-of-token', 'abcd', '2026-11-30T10:00:00Z', '2026-12-01T10:00:00Z'),
              ('wf_priv', 'usr_1', 'Private', now(), false, NULL, NULL, NULL, NULL)`,
    );

    copy('20261202031500_share_links');
    expect((await migrate(t.db.sql, dir)).applied).toEqual(['20261202031500_share_links']);
    const links = await t.db.sql.query<Record<string, unknown>>(
      `SELECT "workflowId", label, kind, "tokenHash", "tokenHint", generation, "allowedOrigins",
              "createdAt" = '2026-11-30T10:00:00Z'::timestamp AS "keptCreated", "rotatedAt" IS NOT NULL AS "keptRotated", id
       FROM "ShareLink"`,
    );
    expect(links).toEqual([
      {
        workflowId: 'wf_pub',
        label: 'Default link',
        kind: 'link',
        tokenHash: 'hash-of-token',
        tokenHint: 'abcd',
        generation: 0,
        allowedOrigins: [],
        keptCreated: true,
        keptRotated: true,
        id: expect.stringMatching(/^lnk_[0-9a-f]{20}$/),
      },
    ]);
  });

  it('rolls a failing migration back completely and says which one failed', async () => {
    t = await createEmptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-mig-'));
    fs.mkdirSync(path.join(dir, '20260101000000_good'));
    fs.writeFileSync(path.join(dir, '20260101000000_good/migration.sql'), 'CREATE TABLE "Good" ("id" TEXT);');
    fs.mkdirSync(path.join(dir, '20260102000000_bad'));
    fs.writeFileSync(
      path.join(dir, '20260102000000_bad/migration.sql'),
      'CREATE TABLE "Half" ("id" TEXT);\nCREATE TABLE "Good" ("id" TEXT);',
    );
    const error = await migrate(t.db.sql, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe('20260102000000_bad');
    const tables = await t.db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(['Good', '_prisma_migrations']);
    const rows = await t.db.sql.query<Row>('SELECT migration_name FROM "_prisma_migrations"');
    expect(rows.map((r) => r.migration_name)).toEqual(['20260101000000_good']);
  });

  it.runIf(serverUrl)('is safe when two instances migrate at the same moment', async () => {
    t = await createEmptyDatabase();
    const { openDatabase } = await import('../src/database/database.js');
    const other = await openDatabase({ databaseUrl: t.url });
    try {
      const results = await Promise.all([migrate(t.db.sql, migrationsDir), migrate(other.sql, migrationsDir)]);
      const applied = results.flatMap((r) => r.applied);
      expect(applied.sort()).toEqual(readMigrations(migrationsDir).map((f) => f.name).sort());
      const count = await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(count[0]!.n).toBe(readMigrations(migrationsDir).length);
    } finally {
      await other.close();
    }
  });
});
