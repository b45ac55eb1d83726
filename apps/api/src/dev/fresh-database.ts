import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface FreshDatabase {
  /** Environment for an API process: `DATA_DIR`, and `DATABASE_URL` on PostgreSQL. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * An empty database for one test run: a new PostgreSQL database on the server
 * named by `DATABASE_URL` (dropped afterwards), or, without it, a new PGlite
 * data directory. Either way a data directory of its own for generated keys.
 */
export async function freshDatabase(label = 'run'): Promise<FreshDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wfchat-${label}-`));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const server = process.env.DATABASE_URL;
  if (!server) return { env: { DATA_DIR: dataDir }, drop: async () => removeDir() };

  const name = `wfchat_${label}_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      removeDir();
    },
  };
}
