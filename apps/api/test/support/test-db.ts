import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrationsDir } from '../../src/common/paths.js';
import { openDatabase, type Database } from '../../src/database/database.js';
import { migrate } from '../../src/database/migrator.js';

/** The PostgreSQL server under test, or undefined for the embedded default. */
export const serverUrl = process.env.DATABASE_URL || undefined;

export interface TestDatabase {
  db: Database;
  url?: string;
  drop(): Promise<void>;
}

async function admin<T>(server: string | undefined, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * An empty database of its own for one test file: a fresh PostgreSQL database
 * (on `server`, by default the one under test), or in-memory PGlite.
 */
export async function createEmptyDatabase(server = serverUrl): Promise<TestDatabase> {
  if (!server) {
    const db = await openDatabase({});
    return { db, drop: () => db.close() };
  }
  const name = `wfchat_t_${randomBytes(6).toString('hex')}`;
  await admin(server, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      await admin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export async function createTestDatabase(server = serverUrl): Promise<TestDatabase> {
  const t = await createEmptyDatabase(server);
  await migrate(t.db.sql, migrationsDir);
  return t;
}
