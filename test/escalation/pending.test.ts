import fc from 'fast-check';
import t from 'tap';
import { endOfLocalDay, localDate, addDays } from '../../src/calendar/local-time.js';
import { STATES } from '../../src/cases/transitions.js';
import { pendingPages } from '../../src/escalation/pending.js';
import { EscalationScheduler } from '../../src/escalation/scheduler.js';
import { dueEscalations, escalationBounds, ESCALATIONS } from '../../src/escalation/thresholds.js';
import type { Services } from '../../src/services.js';
import { startTestApp, TestClock } from '../helpers/app.js';
import { startLifecycleApp, TEXTS } from '../lifecycle/fixtures/harness.js';

/** Every case id the scan finds at `now`, in the order it finds them (an id may come up in two scans). */
const scan = (services: Services, now: Date, pageSize?: number) =>
  [...pendingPages(services.db, escalationBounds(now, services.calendar), pageSize)].flat();
const pendingIds = (services: Services, iso: string) => [...new Set(scan(services, new Date(iso)).map((c) => String(c.id)))];

t.test('the scan finds exactly the cases with a step reached and not on file, as dueEscalations decides it, on any page size', async (t) => {
  const ctx = await startTestApp();
  t.teardown(ctx.close);
  const { db, calendar } = ctx.services;
  const sql = db.$client;
  const version = ctx.services.catalogues.get('chongqing')!.catalogue.version;
  const insertCase = sql.prepare(`INSERT INTO cases (id, tracking_code, access_code_hash, jurisdiction, channel, submission_hash, kind, urgency, status, content,
    pollution_types, confidence, decision, catalogue_version, received_at, created_at, updated_at, sign_due_at, reply_due_at)
    VALUES (?, ?, 'x', ?, '12345', 'x', 'complaint', 'normal', ?, 'x', '[]', 1, '{}', ?, 0, 0, 0, ?, ?)`);
  const insertEscalation = sql.prepare('INSERT INTO escalations (case_id, kind, due_at, fired_at) VALUES (?, ?, ?, 0)');

  // Days around National Day 2026 (a make-up Saturday on 10-10), a plain week, and Spring Festival 2026.
  const days = ['2026-09-25', '2026-09-30', '2026-10-01', '2026-10-08', '2026-10-10', '2026-10-12', '2026-11-20', '2026-11-23', '2026-02-13', '2026-02-24'];
  // Instants where the rules turn: midnight, its next millisecond, the last second of a day and its last millisecond.
  const offsets = [0, 1, 9 * 3600_000, 86_399_000, 86_399_999];
  const now = fc.tuple(fc.constantFrom(...days), fc.constantFrom(...offsets))
    .map(([day, offset]) => new Date(Date.parse(`${day}T00:00:00+08:00`) + offset));
  // A due time relative to now: the end of a day from three weeks before to a week after (the day limits'
  // shape, shared by many cases: ties in the scan's order), or a hours limit right at now.
  const due = (at: Date) => fc.oneof(
    fc.constant(null),
    fc.integer({ min: -22, max: 7 }).map((k) => endOfLocalDay(addDays(localDate(at), k))),
    fc.integer({ min: -2, max: 2 }).map((ms) => new Date(at.getTime() + ms)),
  );
  const world = now.chain((at) => fc.record({
    now: fc.constant(at),
    pageSize: fc.integer({ min: 1, max: 5 }),
    cases: fc.array(fc.record({
      status: fc.constantFrom(...STATES),
      jurisdiction: fc.constantFrom('chongqing', 'shanghai'),
      signDueAt: due(at),
      replyDueAt: due(at),
      // Rows already on file: at the case's own due times, or at an older due time (before an extension).
      fired: fc.array(fc.record({ kind: fc.constantFrom(...ESCALATIONS), on: fc.constantFrom('sign', 'reply', 'older') }), { maxLength: 4 }),
    }), { maxLength: 14 }),
  }));

  fc.assert(fc.property(world, (w) => {
    sql.exec('DELETE FROM escalations; DELETE FROM cases;');
    const expected = new Set<number>();
    w.cases.forEach((c, i) => {
      const id = i + 1;
      insertCase.run(id, `T-${id}`, c.jurisdiction, c.status, version, c.signDueAt?.getTime() ?? null, c.replyDueAt?.getTime() ?? null);
      const onFile = new Set<string>();
      for (const f of c.fired) {
        const at = f.on === 'sign' ? c.signDueAt : f.on === 'reply' ? c.replyDueAt : new Date(Date.parse('2026-01-05T23:59:59+08:00'));
        if (!at || onFile.has(`${f.kind}:${at.getTime()}`)) continue;
        onFile.add(`${f.kind}:${at.getTime()}`);
        insertEscalation.run(id, f.kind, at.getTime());
      }
      if (dueEscalations(c, w.now, calendar).some((step) => !onFile.has(`${step.kind}:${step.dueAt.getTime()}`))) expected.add(id);
    });
    const found = scan(ctx.services, w.now, w.pageSize);
    const ids = new Set(found.map((c) => c.id));
    const jurisdictions = found.every((c) => c.jurisdiction === w.cases[c.id - 1]!.jurisdiction);
    return jurisdictions && ids.size === expected.size && [...expected].every((id) => ids.has(id));
  }), { numRuns: 400 });
  t.pass('400 random sets of cases agree');
});

t.test('a case chased at every step it has reached is left out of the scan until a new due time comes near', async (t) => {
  const ctx = await startLifecycleApp({ clock: new TestClock() });
  t.teardown(ctx.close);
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a' });
  // Taken in Wednesday 11-18 10:00: sign by 11-19 23:59:59, reply by 12-09 23:59:59.
  const { id } = await ctx.intake(TEXTS.construction);
  await ctx.act(id, 'sign', 'housingYuzhong');

  t.same(pendingIds(ctx.services, '2026-12-07T10:00:00+08:00'), [], 'two working days before the reply is due: nothing reached');
  t.same(pendingIds(ctx.services, '2026-12-08T10:00:00+08:00'), [id], 'the reminder is reached');
  ctx.clock.set('2026-12-08T10:00:00+08:00');
  await scheduler.tick(ctx.clock.read());
  t.same(pendingIds(ctx.services, '2026-12-08T10:01:00+08:00'), [], 'reminded: left out');

  ctx.clock.set('2026-12-09T10:00:00+08:00');
  const asked = await ctx.act(id, 'extensions', 'housingYuzhong', { days: 5, reason: '需要夜间复测' });
  t.equal(asked.statusCode, 201, asked.body);
  t.same(pendingIds(ctx.services, '2026-12-10T00:00:00+08:00'), [id], 'overdue while the extension waits: the order is reached');
  await scheduler.tick(new Date('2026-12-10T00:00:00+08:00'));
  t.same(pendingIds(ctx.services, '2026-12-16T00:00:00+08:00'), [], 'ordered; the notice is not reached until 12-17');
  t.same(pendingIds(ctx.services, '2026-12-17T00:00:00+08:00'), [id], 'the notice is reached five working days on');

  ctx.clock.set('2026-12-10T10:00:00+08:00');
  const decided = await ctx.act(id, `extensions/${asked.json().extension.id}/decision`, 'supervisor', { approve: true });
  t.equal(decided.json().complaint.routing.replyDueAt, '2026-12-16T23:59:59+08:00');
  t.same(pendingIds(ctx.services, '2026-12-10T11:00:00+08:00'), [], 'the new due time is not near yet');
  t.same(pendingIds(ctx.services, '2026-12-15T10:00:00+08:00'), [id], 'the new due time is reminded');
  t.same(pendingIds(ctx.services, '2026-12-17T00:00:00+08:00'), [id], 'and ordered when it has passed');
  await scheduler.tick(new Date('2026-12-17T00:00:00+08:00'));
  t.same(pendingIds(ctx.services, '2026-12-17T00:01:00+08:00'), [], 'ordered for the new due time: left out again');
});

t.test('a reassignment before signing gives a new sign due time, and its reminder is found when it passes', async (t) => {
  const ctx = await startLifecycleApp({ clock: new TestClock() });
  t.teardown(ctx.close);
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a' });
  const { id } = await ctx.intake(TEXTS.construction);
  await scheduler.tick(new Date('2026-11-20T00:00:00+08:00'));
  t.same(pendingIds(ctx.services, '2026-11-20T00:01:00+08:00'), [], 'reminded to sign: left out');

  ctx.clock.set('2026-11-20T10:00:00+08:00');
  const moved = await ctx.act(id, 'reassign', 'operator', { lead: 'ecology-environment', reason: '职责调整' });
  t.equal(moved.statusCode, 200, moved.body);
  t.equal(moved.json().complaint.routing.signDueAt, '2026-11-23T23:59:59+08:00', 'Friday\'s assignment is signed for by Monday');
  t.same(pendingIds(ctx.services, '2026-11-23T23:59:59+08:00'), [], 'not before the new limit passes');
  t.same(pendingIds(ctx.services, '2026-11-24T00:00:00+08:00'), [id]);
  const report = await scheduler.tick(new Date('2026-11-24T00:00:00+08:00'));
  t.equal(report.fired['sign-reminder'], 1, 'the new office is reminded');
  t.same(pendingIds(ctx.services, '2026-11-24T00:01:00+08:00'), []);
});
