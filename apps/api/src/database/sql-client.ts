import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** Raw SQL access for the few jobs Prisma is not for: migrations, readiness, schema checks. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Like `query`, as a named prepared statement: parsed and planned once per
   * connection instead of on every call (for the statements of the hot path).
   */
  prepared<T = Record<string, unknown>>(name: string, sql: string, params: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(script: string): Promise<void>;
  /** Runs `fn` on one connection while holding a PostgreSQL advisory lock. */
  withAdvisoryLock<T>(key: number, fn: (sql: SqlClient) => Promise<T>): Promise<T>;
}

export class PgSqlClient implements SqlClient {
  constructor(private readonly runner: pg.Pool | pg.PoolClient) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.runner.query(sql, params);
    return result.rows as T[];
  }

  async prepared<T>(name: string, sql: string, params: unknown[]): Promise<T[]> {
    const result = await this.runner.query({ name, text: sql, values: params });
    return result.rows as T[];
  }

  async exec(script: string): Promise<void> {
    await this.runner.query(script);
  }

  async withAdvisoryLock<T>(key: number, fn: (sql: SqlClient) => Promise<T>): Promise<T> {
    if (!('connect' in this.runner) || typeof (this.runner as pg.Pool).totalCount !== 'number') {
      throw new Error('withAdvisoryLock needs a pool');
    }
    const client = await (this.runner as pg.Pool).connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn(new PgSqlClient(client));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      client.release();
    }
  }
}

/** PGlite is one in-process connection: a lock would only ever be contended by ourselves. */
export class PgliteSqlClient implements SqlClient {
  constructor(private readonly db: PGlite) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.db.query<T>(sql, params);
    return result.rows;
  }

  prepared<T>(_name: string, sql: string, params: unknown[]): Promise<T[]> {
    return this.query<T>(sql, params);
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async withAdvisoryLock<T>(_key: number, fn: (sql: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
}
