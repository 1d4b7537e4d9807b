import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_DIR, migrateDatabase, openDatabase } from '../../db/connection.js';
import { tempDir } from '../helpers/temp.js';

/** The migrations folder as a build before `tag` shipped it: the journal and the files end before it. */
function migrationsBefore(tag: string): string {
  const dir = join(tempDir(t, 'migrations-'), 'migrations');
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  for (const entry of journal.entries.slice(cut)) rmSync(join(dir, `${entry.tag}.sql`));
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

t.test('0010: the cases a previous build projected count as 未识别 in the industry breakdown, with all their figures', async (t) => {
  const db = openDatabase(join(tempDir(t, 'db-'), 'hotline.db'));
  t.teardown(() => db.$client.close());
  migrate(db, { migrationsFolder: migrationsBefore('0010_stat_cases_industry') });
  const insert = db.$client.prepare(`INSERT INTO stat_breakdown_daily (jurisdiction, day, dimension, key, cases, replied, replied_on_time, callbacks, resolved, satisfied, reopened, repeats, handling_days_sum, handling_count)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  insert.run('chongqing', '2026-05-10', 'channel', '12345', 3, 2, 1, 2, 1, 1, 0, 1, 7.5, 2);
  insert.run('chongqing', '2026-05-10', 'channel', '12369', 1, 1, 1, 1, 1, 1, 1, 0, 3, 1);
  insert.run('chongqing', '2026-05-10', 'matter', 'construction-noise', 4, 3, 2, 3, 2, 2, 1, 1, 10.5, 3);
  insert.run('shanghai', '2026-05-11', 'channel', 'web', 2, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  migrateDatabase(db);
  const rows = db.$client.prepare("SELECT jurisdiction, day, key, cases, replied, replied_on_time, callbacks, resolved, satisfied, reopened, repeats, handling_days_sum, handling_count FROM stat_breakdown_daily WHERE dimension = 'industry' ORDER BY jurisdiction, day").all();
  t.same(rows, [
    { jurisdiction: 'chongqing', day: '2026-05-10', key: '', cases: 4, replied: 3, replied_on_time: 2, callbacks: 3, resolved: 2, satisfied: 2, reopened: 1, repeats: 1, handling_days_sum: 10.5, handling_count: 3 },
    { jurisdiction: 'shanghai', day: '2026-05-11', key: '', cases: 2, replied: 0, replied_on_time: 0, callbacks: 0, resolved: 0, satisfied: 0, reopened: 0, repeats: 0, handling_days_sum: 0, handling_count: 0 },
  ], 'per day, the sum of the channel rows (every case has one channel), nothing from other dimensions');
  const columns = db.$client.prepare("SELECT name FROM pragma_table_info('stat_cases')").pluck().all();
  t.ok(columns.includes('industry'), 'stat_cases has the industry column');
  const indexed = db.$client.prepare("SELECT name FROM pragma_index_info('stat_cases_unreplied')").pluck().all();
  t.ok(indexed.includes('industry'), 'the unreplied index covers it, for the live count');
});
