import t from 'tap';
import { rebuildStatistics } from '../../src/stats/rebuild.js';
import { bearer, startTestApp } from '../helpers/app.js';

// Intake answers and projects from the rows it holds in memory instead of reading them back:
// what it answers and projects must be exactly what reading the database gives.
const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const post = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(operator), payload });

const complaints = [
  // assigned, with a cooperating office and a reporter
  { jurisdiction: 'chongqing', channel: '12345', externalId: 'rows-1', content: '九龙坡区一家化工厂长期排放刺鼻废气，晚上味道特别大', address: '重庆市九龙坡区', reporter: { name: '王五', phone: '13900000000', confidential: true } },
  // the same problem again: a repeat
  { jurisdiction: 'chongqing', channel: '12369', content: '九龙坡区那家化工厂晚上还在排放刺鼻废气，味道特别大', address: '重庆市九龙坡区', urgency: 'urgent' },
  // nothing the catalogue knows: triage, no holders
  { jurisdiction: 'chongqing', channel: 'web', content: '请问办事大厅几点下班', kind: 'consultation' },
];

t.test('the intake answer equals the case read back from the database', async (t) => {
  for (const body of complaints) {
    const created = await post(body);
    t.equal(created.statusCode, 201, 'created');
    const { accessCode, ...answered } = created.json();
    t.type(accessCode, 'string');
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${answered.id}`, headers: bearer(operator) });
    // The read adds the 并单 facts and the attachments (none for a new case); everything else is the answer as given.
    const { merge, attachments, ...stored } = read.json();
    t.strictSame(answered, stored, `case ${answered.id} (${answered.status})`);
    t.strictSame([merge, attachments], [{ into: null, reports: [] }, []]);
  }
});

t.test('the statistics rows projected at intake equal those rebuilt from the stored rows', async (t) => {
  // Posted together, so group commit takes several in one batch and sums their rollup changes.
  const together = await Promise.all(complaints.flatMap((body, i) => [1, 2, 3].map((n) => post({ ...body, externalId: `rows-batch-${i}-${n}` }))));
  t.same(together.map((r) => r.statusCode), together.map(() => 201));
  const sql = ctx.services.db.$client;
  const snapshot = () => ({
    cases: sql.prepare('SELECT * FROM stat_cases ORDER BY case_id').all(),
    terms: sql.prepare('SELECT * FROM stat_lead_terms ORDER BY assignment_id').all(),
    departments: sql.prepare('SELECT * FROM stat_department_daily ORDER BY jurisdiction, day, department').all(),
    breakdowns: sql.prepare('SELECT * FROM stat_breakdown_daily ORDER BY jurisdiction, dimension, day, key').all(),
  });
  const projected = snapshot();
  t.equal(projected.cases.length, complaints.length * 4, 'one row per case');
  t.ok((projected.cases as Array<{ is_repeat: number }>).some((c) => c.is_repeat === 1), 'the repeat is counted');
  t.ok(projected.terms.length >= 2, 'lead terms of the assigned cases');
  rebuildStatistics(ctx.services.db, ctx.services.calendar);
  t.strictSame(snapshot(), projected);
});
