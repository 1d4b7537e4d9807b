import { getTableColumns, getTableName, SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Db } from './connection.js';

/**
 * Prepared statements and transactions reused across requests. drizzle builds and SQLite compiles
 * every query anew; on the intake path that was ~40 % of a request's CPU (profiled), so hot
 * queries are prepared once per connection, with placeholders for the values.
 */
const caches = new WeakMap<Database.Database, Map<string, unknown>>();

export function cached<T>(db: Db, key: string, build: () => T): T {
  let cache = caches.get(db.$client);
  if (!cache) caches.set(db.$client, (cache = new Map()));
  let value = cache.get(key) as T | undefined;
  if (value === undefined) cache.set(key, (value = build()));
  return value;
}

type Row = Record<string, unknown>;

/**
 * INSERT of the given columns, returning the new id. Null and undefined values are left out, so they
 * take the column's default (NULL for every nullable column). The SQL is written once per column set
 * from drizzle's column metadata and values go through each column's own driver mapping (JSON, dates,
 * booleans); drizzle's placeholder filling took ~8 % of an intake (profiled), this takes almost none.
 */
export function insertReturningId(db: Db, table: SQLiteTable & { id: SQLiteColumn }, name: string, values: Row): number {
  const keys = Object.keys(values).filter((k) => values[k] !== undefined && values[k] !== null).sort();
  const insert = cached(db, `insert:${name}:${keys.join(',')}`, () => {
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
    const chosen = keys.map((k) => {
      const column = columns[k];
      if (!column) throw new Error(`table ${name} has no column ${k}`);
      return [k, column] as const;
    });
    // The id is the rowid (every such table's id is its INTEGER PRIMARY KEY): run() reports it without
    // the ephemeral table a RETURNING clause fills (2.5 -> 1.9 µs per insert, measured).
    if (!table.id.primary) throw new Error(`table ${name}: id must be the INTEGER PRIMARY KEY`);
    const statement = db.$client.prepare(`INSERT INTO "${getTableName(table)}" (${chosen.map(([, c]) => `"${c.name}"`).join(', ')})
      VALUES (${chosen.map(() => '?').join(', ')})`);
    return { statement, chosen };
  });
  const bound = insert.chosen.map(([k, column]) => column.mapToDriverValue(values[k]));
  return Number(insert.statement.run(bound).lastInsertRowid);
}

/**
 * INSERT, returning the row as a SELECT of it would: the given values, each omitted column at its
 * declared default or null, and the new id. Saves intake reading back what it has just written
 * (a query and drizzle's row mapping, JSON parse of the decision included: ~5 % of an intake).
 * A column whose default is an SQL expression must be given.
 */
export function insertRow<R extends { id: number }>(db: Db, table: SQLiteTable & { id: SQLiteColumn }, name: string, values: Row): R {
  const { defaults, databaseDefaults } = defaultsOf(table);
  for (const key of databaseDefaults) {
    if (values[key] === undefined || values[key] === null) throw new Error(`insertRow into ${name}: give ${key}, its default is an SQL expression`);
  }
  const id = insertReturningId(db, table, name, values);
  const row: Row = {};
  for (const key in defaults) row[key] = values[key] ?? defaults[key];
  row.id = id;
  return row as R;
}

interface Defaults { defaults: Row; databaseDefaults: string[] }
const defaultsByTable = new WeakMap<SQLiteTable, Defaults>();

function defaultsOf(table: SQLiteTable): Defaults {
  let found = defaultsByTable.get(table);
  if (!found) {
    found = { defaults: {}, databaseDefaults: [] };
    for (const [key, column] of Object.entries(getTableColumns(table) as Record<string, SQLiteColumn>)) {
      if (column.hasDefault && (column.default instanceof SQL || column.defaultFn)) found.databaseDefaults.push(key);
      found.defaults[key] = column.hasDefault ? column.default : null;
    }
    defaultsByTable.set(table, found);
  }
  return found;
}

/** Runs `work` in one BEGIN IMMEDIATE transaction (a savepoint when nested), rolled back if it throws. */
export function immediately<T>(db: Db, work: () => T): T {
  const run = cached(db, 'transaction:immediate', () => db.$client.transaction((fn: () => unknown) => fn()).immediate);
  return run(work) as T;
}
