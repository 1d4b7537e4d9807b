import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as caseSchema from './schema.js';
import * as statsSchema from './schema-stats.js';

const schema = { ...caseSchema, ...statsSchema };

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * WAL pages after which a commit copies the log into the database file. Intake rewrites the same
 * index pages (the newest leaf of each department's, matter's, district's entries) batch after
 * batch; a checkpoint copies each page once however often it was rewritten, so a longer interval
 * copies fewer pages per case. Commit CPU per intake (bench:intake-core): 116 µs at SQLite's 1000,
 * 92-100 µs at 4000, 83-104 µs at 16000. The WAL file grows to about 16 MB at 4000.
 */
export const DEFAULT_CHECKPOINT_PAGES = 4000;

export type SynchronousLevel = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

/**
 * Opens (creating if needed) the SQLite file with the pragmas the service relies on:
 * WAL so readers never wait for the writer, foreign keys enforced, a busy timeout so a second
 * process (the CLI) waits instead of failing, temporary storage in memory, and the configured
 * `synchronous` level.
 */
export function openDatabase(path: string, synchronous: SynchronousLevel = 'FULL', checkpointPages = DEFAULT_CHECKPOINT_PAGES): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  client.pragma('journal_mode = WAL');
  client.pragma(`synchronous = ${synchronous}`);
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  // Savepoint journals (group commit gives each intake its own savepoint) and sort scratch stay in
  // memory instead of temporary files: the intake command measured 385 -> 325 µs of CPU with it.
  client.pragma('temp_store = MEMORY');
  client.pragma(`wal_autocheckpoint = ${Math.trunc(checkpointPages)}`);
  return drizzle(client, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}
