import { join } from 'node:path';
import t from 'tap';
import { tempDir } from '../helpers/temp.js';
import { openDatabase } from '../../db/connection.js';
import { type BatchStep, GroupCommit } from '../../db/group-commit.js';

function freshDb() {
  const db = openDatabase(join(tempDir(t, 'group-'), 'g.db'), 'FULL');
  db.$client.exec('create table t (v text not null unique)');
  return db;
}

t.test('writes of one turn share a transaction; a failing one is rolled back alone', async (t) => {
  const db = freshDb();
  const writes = new GroupCommit(db);
  const insert = (v: string) => () => db.$client.prepare('insert into t (v) values (?)').run(v).changes;
  const results = await Promise.allSettled([
    writes.run(insert('a')),
    writes.run(() => { insert('b')(); throw new Error('refused'); }),
    writes.run(insert('a')),
    writes.run(insert('c')),
  ]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  t.match((results[2] as PromiseRejectedResult).reason.message, /UNIQUE/);
  t.same(db.$client.prepare('select v from t order by v').all().map((r) => (r as { v: string }).v), ['a', 'c'], "the failed writes left nothing, b's partial insert included");
});

t.test('callers are answered only after the commit: the data is readable from a second connection', async (t) => {
  const db = freshDb();
  const writes = new GroupCommit(db);
  await writes.run(() => db.$client.prepare("insert into t (v) values ('durable')").run());
  const other = openDatabase(db.$client.name);
  t.equal((other.$client.prepare('select count(*) as n from t').get() as { n: number }).n, 1);
});

t.test('a later turn starts a new batch', async (t) => {
  const db = freshDb();
  const writes = new GroupCommit(db);
  await writes.run(() => db.$client.prepare("insert into t (v) values ('x')").run());
  await writes.run(() => db.$client.prepare("insert into t (v) values ('y')").run());
  t.equal((db.$client.prepare('select count(*) as n from t').get() as { n: number }).n, 2);
  t.equal(db.$client.inTransaction, false);
});

t.test('a batch step gets what the successful jobs handed it, once, before the commit', async (t) => {
  const db = freshDb();
  const writes = new GroupCommit(db);
  const finished: string[][] = [];
  const total: BatchStep<string> = {
    finish(items) {
      finished.push([...items]);
      db.$client.prepare('insert into t (v) values (?)').run(`sum:${items.join('+')}`);
    },
  };
  const results = await Promise.allSettled([
    writes.run((scope) => { scope.hand(total, 'a'); return 1; }),
    writes.run((scope) => { scope.hand(total, 'b'); throw new Error('refused after handing'); }),
    writes.run((scope) => { scope.hand(total, 'c'); scope.hand(total, 'd'); return 3; }),
  ]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  t.same(finished, [['a', 'c', 'd']], 'one call, without what the failed job handed');
  t.same(db.$client.prepare('select v from t').pluck().all(), ['sum:a+c+d'], 'written in the batch transaction');
});

t.test('a failing batch step rolls the whole batch back and every caller gets its error', async (t) => {
  const db = freshDb();
  const writes = new GroupCommit(db);
  const broken: BatchStep<number> = { finish() { throw new Error('rollup write failed'); } };
  const results = await Promise.allSettled([
    writes.run(() => db.$client.prepare("insert into t (v) values ('kept?')").run()),
    writes.run((scope) => { db.$client.prepare("insert into t (v) values ('also?')").run(); scope.hand(broken, 1); }),
  ]);
  t.same(results.map((r) => r.status), ['rejected', 'rejected']);
  t.match((results[0] as PromiseRejectedResult).reason.message, /rollup write failed/);
  t.equal((db.$client.prepare('select count(*) as n from t').get() as { n: number }).n, 0, 'nothing of the batch was committed');
  t.equal(db.$client.inTransaction, false);
});
