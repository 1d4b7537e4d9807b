import { join } from 'node:path';
import t from 'tap';
import { tempDir } from '../helpers/temp.js';
import { migrateDatabase, openDatabase } from '../../db/connection.js';
import { loadConfig } from '../../src/config.js';
import { bearer, startTestApp, secretOf } from '../helpers/app.js';

t.test('the database file is created and migrated, in WAL mode with foreign keys on', async (t) => {
  const path = join(tempDir(t, 'db-'), 'nested', 'hotline.db');
  const db = openDatabase(path, 'FULL');
  migrateDatabase(db);
  migrateDatabase(db);
  t.equal(db.$client.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(db.$client.pragma('foreign_keys', { simple: true }), 1);
  t.equal(db.$client.pragma('synchronous', { simple: true }), 2, 'FULL');
  t.equal(db.$client.pragma('temp_store', { simple: true }), 2, 'savepoint journals in memory, not temporary files');
  t.equal(db.$client.pragma('wal_autocheckpoint', { simple: true }), 4000, 'checkpoints every 4000 WAL pages, not SQLite\'s 1000');
  const tables = db.$client.prepare("select name from sqlite_master where type = 'table'").all().map((r) => (r as { name: string }).name);
  for (const table of ['cases', 'assignments', 'events', 'outbox', 'api_keys', 'catalogue_versions']) t.ok(tables.includes(table), table);
  t.throws(() => db.$client.prepare("insert into assignments (case_id, department, office_name, role, state, assigned_at) values (999, 'water', 'x', 'lead', 'active', 0)").run(), /FOREIGN KEY/);
  db.$client.close();
});

t.test('HOTLINE_DB_CHECKPOINT_PAGES sets the server connection\'s checkpoint interval', async (t) => {
  const ctx = await startTestApp({ env: { HOTLINE_DB_CHECKPOINT_PAGES: '250' } });
  t.teardown(ctx.close);
  t.equal(ctx.services.db.$client.pragma('wal_autocheckpoint', { simple: true }), 250);
  t.throws(() => loadConfig({ HOTLINE_DB_CHECKPOINT_PAGES: '0' }), /HOTLINE_DB_CHECKPOINT_PAGES must be at least 1/);
  t.throws(() => loadConfig({ HOTLINE_DB_CHECKPOINT_PAGES: 'many' }), /HOTLINE_DB_CHECKPOINT_PAGES must be a non-negative integer/);
});

t.test('events are append-only: the database refuses to update or delete them', async (t) => {
  const ctx = await startTestApp();
  t.teardown(ctx.close);
  const key = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
  await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(key), payload: { jurisdiction: 'chongqing', channel: '12345', content: '工厂排放刺鼻废气' } });
  const sqlite = ctx.services.db.$client;
  t.throws(() => sqlite.prepare("update events set action = 'forged'").run(), /append-only/);
  t.throws(() => sqlite.prepare('delete from events').run(), /append-only/);
  t.equal((sqlite.prepare('select count(*) as n from events').get() as { n: number }).n, 2);
});

t.test('API keys are stored as hashes only', async (t) => {
  const ctx = await startTestApp();
  t.teardown(ctx.close);
  const key = ctx.key({ role: 'admin', jurisdiction: null });
  const rows = ctx.services.db.$client.prepare('select * from api_keys').all();
  t.notOk(JSON.stringify(rows).includes(secretOf(key)), 'no secret part of the key in the table');
});
