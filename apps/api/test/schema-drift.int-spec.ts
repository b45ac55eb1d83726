import fs from 'node:fs';
import path from 'node:path';
import type * as DMMF from '@prisma/dmmf';
import { getDMMF } from '@prisma/get-dmmf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/common/paths.js';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';

/**
 * Fails when prisma/schema.prisma and the database built by our migrations
 * disagree: the check `prisma migrate diff` would make if its engine ran here.
 */

const pgType: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
};

let t: TestDatabase;
let models: readonly DMMF.Model[];
let indexes: readonly DMMF.Index[];

beforeAll(async () => {
  const dmmf = getDMMF({ datamodel: fs.readFileSync(path.join(repoRoot, 'prisma/schema.prisma'), 'utf8') });
  if ('reason' in dmmf) throw dmmf.error;
  models = dmmf.datamodel.models;
  indexes = dmmf.datamodel.indexes;
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const tableName = (m: DMMF.Model) => m.dbName ?? m.name;
const columnName = (f: DMMF.Field) => f.dbName ?? f.name;

describe('schema.prisma and the migrated database', () => {
  it('have the same tables', async () => {
    const rows = await t.db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(models.map(tableName).sort());
  });

  it('have the same columns, types, nullability and defaults-presence', async () => {
    const rows = await t.db.sql.query<{ table: string; column: string; type: string; nullable: boolean }>(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
         AND c.relname <> '_prisma_migrations'`,
    );
    const actual = rows.map((r) => `${r.table}.${r.column}: ${r.type}${r.nullable ? ' NULL' : ''}`).sort();
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
          .map((f) => {
            const type = pgType[f.type] ?? f.type;
            return `${tableName(m)}.${columnName(f)}: ${f.isList ? `${type}[]` : type}${f.isRequired ? '' : ' NULL'}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('have the same primary keys, unique and plain indexes', async () => {
    const rows = await t.db.sql.query<{ table: string; unique: boolean; primary: boolean; columns: string[] }>(
      `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
       GROUP BY ix.indexrelid, t.relname, ix.indisunique, ix.indisprimary`,
    );
    const kind = (r: { unique: boolean; primary: boolean }) => (r.primary ? 'pk' : r.unique ? 'unique' : 'index');
    const actual = rows.map((r) => `${r.table} ${kind(r)} (${r.columns.join(', ')})`).sort();
    const byModel = new Map(models.map((m) => [m.name, m]));
    const expected = indexes
      .map((ix) => {
        const m = byModel.get(ix.model)!;
        const cols = ix.fields.map((f) => columnName(m.fields.find((x) => x.name === f.name)!));
        const k = ix.type === 'id' ? 'pk' : ix.type === 'unique' ? 'unique' : 'index';
        return `${tableName(m)} ${k} (${cols.join(', ')})`;
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it('have the same foreign keys and referential actions', async () => {
    const rows = await t.db.sql.query<{ table: string; columns: string[]; ref: string; on_delete: string }>(
      `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref,
              c.confdeltype AS on_delete,
              array(SELECT attname::text FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = ANY(c.conkey)) AS columns
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );
    const action: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };
    const unquote = (s: string) => s.replace(/"/g, '');
    const actual = rows
      .map((r) => `${unquote(r.table)}(${[...r.columns].sort().join(',')}) -> ${unquote(r.ref)} ${action[r.on_delete]}`)
      .sort();
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === 'object' && f.relationFromFields && f.relationFromFields.length > 0)
          .map((f) => {
            const cols = f.relationFromFields!.map((n) => columnName(m.fields.find((x) => x.name === n)!));
            const target = models.find((x) => x.name === f.type)!;
            const onDelete = f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull');
            return `${tableName(m)}(${[...cols].sort().join(',')}) -> ${tableName(target)} ${onDelete}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });
});
