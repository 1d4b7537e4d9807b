import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '../db/connection.js';
import { loadOfficialCalendar } from '../src/calendar/official.js';
import { loadCatalogues } from '../src/catalogue/registry.js';
import { rememberCatalogueVersion } from '../src/cases/repository.js';
import { GroupCommit } from '../db/group-commit.js';
import { yearPeriod } from '../src/stats/period.js';
import { refreshCaseStats } from '../src/stats/projection.js';
import { breakdownReport, departmentReport } from '../src/stats/reports.js';
import type { Services } from '../src/services.js';

/**
 * One million cases of 2026 with a realistic history (assignments, signs, returns, reassignments,
 * extensions, replies, callbacks, reopens, closes and their events), written straight into a fresh
 * database, the statistics projection refreshed for each; then the department figures for the year
 * and the breakdown by month are timed. BENCH_CASES changes the count.
 */
const total = Number(process.env.BENCH_CASES ?? 1_000_000);
const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
const db = openDatabase(join(dir, 'hotline.db'), 'OFF');
migrateDatabase(db);
const catalogues = loadCatalogues(join(ROOT, 'rules'), ['chongqing']);
const { catalogue } = catalogues.get('chongqing')!;
const calendar = loadOfficialCalendar(join(ROOT, 'rules', 'calendar'));
rememberCatalogueVersion(db, catalogue.version, catalogue.code, catalogue.files, new Date());

let seed = 42;
const random = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const start = Date.parse('2026-01-01T00:00:00+08:00');
const matters = catalogue.matters;
const districts = catalogue.districts;
const decisionOf = (matter: (typeof matters)[number]) => JSON.stringify({
  classification: { matter: { code: matter.code, title: matter.title }, pollutionTypes: matter.pollutionTypes, confidence: 1, confident: true, matchedTerms: [], suggestions: [], catalogueVersion: catalogue.version },
  routing: { district: null, territorial: null, limits: { sign: { value: 1, unit: 'workingDays' }, reply: { value: 15, unit: 'workingDays' }, extension: { value: 10, unit: 'workingDays', maxCount: 1 }, return: { value: 2, unit: 'workingDays' }, rehandle: { value: 5, unit: 'workingDays', maxCount: 2 } } },
});
const decisions = new Map(matters.map((m) => [m.code, decisionOf(m)]));

const sql = db.$client;
const insertCase = sql.prepare(`INSERT INTO cases (tracking_code, access_code_hash, jurisdiction, channel, submission_hash, kind, urgency, status, content,
  district_code, district_name, matter_code, pollution_types, confidence, decision, catalogue_version, received_at, created_at, updated_at,
  sign_due_at, reply_due_at, signed_at, replied_at, closed_at, reopen_count, reported_entity)
  VALUES (?, 'x', 'chongqing', ?, 'x', 'complaint', 'normal', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const insertAssignment = sql.prepare("INSERT INTO assignments (case_id, department, office_name, district_code, role, state, assigned_at, signed_at, ended_at) VALUES (?, ?, ?, ?, 'lead', ?, ?, ?, ?)");
const insertEvent = sql.prepare("INSERT INTO events (case_id, at, actor_role, action, from_state, to_state, payload) VALUES (?, ?, 'handler', ?, ?, ?, ?)");
const insertReply = sql.prepare("INSERT INTO replies (case_id, round, department, office_name, result, substantiated, measures, public_reply, replied_at, callback_at, resolved, satisfaction) VALUES (?, ?, ?, ?, '已处理', 'yes', '现场检查', '已核查处理。', ?, ?, ?, ?)");
const insertExtension = sql.prepare("INSERT INTO extensions (case_id, days, unit, reason, state, requested_at, decided_at) VALUES (?, 5, 'workingDays', '需要监测', ?, ?, ?)");
const services = { db, catalogues, calendar, clock: () => new Date('2027-01-15T10:00:00+08:00'), writes: new GroupCommit(db) } as Services;

function generateCase(i: number): void {
  const matter = pick(matters);
  const district = random() < 0.9 ? pick(districts) : null;
  const receivedAt = start + Math.floor(random() * 365 * DAY);
  const triage = random() < 0.03;
  const channel = pick(['12345', '12345', '12345', '12369', 'web', 'wechat']);
  const events: Array<[number, string, string | null, string, object]> = [[receivedAt, 'receive', null, 'received', {}]];
  let status = triage ? 'triage' : 'assigned';
  let signedAt: number | null = null; let repliedAt: number | null = null; let closedAt: number | null = null; let reopenCount = 0;
  const leads: Array<{ department: string; at: number; signedAt: number | null; endedAt: number | null }> = [];
  const replies: Array<[number, number | null, number | null, string | null]> = [];
  let extension: [string, number, number | null] | null = null;
  if (triage) events.push([receivedAt, 'triage', 'received', 'triage', {}]);
  else {
    let department: string = matter.lead;
    events.push([receivedAt, 'assign', 'received', 'assigned', { lead: { department } }]);
    leads.push({ department, at: receivedAt, signedAt: null, endedAt: null });
    const roll = random();
    let t = receivedAt + random() * 3 * DAY;
    if (roll < 0.03) { // return, then reassigned by a dispatcher
      leads[0]!.endedAt = t;
      events.push([t, 'return', 'assigned', 'returned', {}], [t, 'triage', 'returned', 'triage', {}]);
      t += random() * DAY;
      department = pick(matters).lead;
      events.push([t, 'reassign', 'triage', 'assigned', { lead: { department } }]);
      leads.push({ department, at: t, signedAt: null, endedAt: null });
    } else if (roll < 0.05) { // 改派 before signing
      leads[0]!.endedAt = t;
      department = pick(matters).lead;
      events.push([t, 'reassign', 'assigned', 'assigned', { lead: { department } }]);
      leads.push({ department, at: t, signedAt: null, endedAt: null });
    }
    const lead = leads.at(-1)!;
    if (random() < 0.95) {
      signedAt = lead.at + (random() < 0.85 ? random() * DAY : DAY + random() * 4 * DAY);
      lead.signedAt = signedAt; status = 'signed';
      events.push([signedAt, 'sign', 'assigned', 'signed', { late: false }]);
      if (random() < 0.1) {
        const approved = random() < 0.8;
        extension = [approved ? 'approved' : 'rejected', signedAt + DAY, signedAt + 2 * DAY];
        events.push([signedAt + DAY, 'request-extension', 'signed', 'signed', { extensionId: String(i), days: 5, unit: 'workingDays' }]);
        events.push([signedAt + 2 * DAY, 'decide-extension', 'signed', 'signed', { extensionId: String(i), approved }]);
      }
      if (random() < 0.9) {
        const late = random() < 0.12;
        repliedAt = signedAt + (late ? 22 + random() * 20 : 2 + random() * 18) * DAY;
        status = 'replied';
        events.push([repliedAt, 'reply', 'signed', 'replied', { round: 1, late }]);
        replies.push([repliedAt, null, null, null]);
        if (random() < 0.85) {
          const callbackAt = repliedAt + DAY;
          const satisfaction = random() < 0.78 ? pick(['satisfied', 'basically_satisfied']) : 'unsatisfied';
          replies[0] = [repliedAt, callbackAt, satisfaction === 'unsatisfied' ? 0 : 1, satisfaction];
          events.push([callbackAt, 'callback', 'replied', 'replied', { resolved: satisfaction !== 'unsatisfied', satisfaction }]);
          if (satisfaction === 'unsatisfied') {
            reopenCount = 1; status = 'reopened';
            events.push([callbackAt, 'reopen', 'replied', 'reopened', { round: 2 }]);
            if (random() < 0.8) {
              const again = callbackAt + 3 * DAY; status = 'replied';
              events.push([again, 'reply', 'reopened', 'replied', { round: 2, late: false }], [again + DAY, 'callback', 'replied', 'replied', { resolved: true, satisfaction: 'basically_satisfied' }]);
              replies.push([again, again + DAY, 1, 'basically_satisfied']);
            }
          }
          if (status === 'replied' && random() < 0.9) { closedAt = (replies.at(-1)![1] ?? repliedAt) + DAY; status = 'closed'; events.push([closedAt, 'close', 'replied', 'closed', {}]); }
        }
      }
    }
  }
  const lead = leads.at(-1);
  const signDue = lead ? lead.at + 2 * DAY : null;
  const replyDue = lead ? lead.at + 21 * DAY + (extension?.[0] === 'approved' ? 7 * DAY : 0) : null;
  const districtCode = district?.code ?? null;
  const id = Number(insertCase.run(`CQ-BENCH-${i}`, channel, status, '工地夜间施工噪音扰民', districtCode, district?.name ?? null, matter.code,
    JSON.stringify(matter.pollutionTypes), decisions.get(matter.code)!, catalogue.version, receivedAt, receivedAt, receivedAt,
    signDue, replyDue, signedAt, repliedAt, closedAt, reopenCount, random() < 0.05 ? `某企业${Math.floor(random() * 5000)}` : null).lastInsertRowid);
  for (const l of leads) {
    const office = catalogue.departments.get(l.department as never)!;
    insertAssignment.run(id, l.department, office.name, districtCode, l.endedAt === null ? 'active' : 'ended', l.at, l.signedAt, l.endedAt);
  }
  for (const [at, action, from, to, payload] of events) insertEvent.run(id, at, action, from, to, JSON.stringify(payload));
  replies.forEach(([at, callbackAt, resolved, satisfaction], round) => insertReply.run(id, round + 1, lead!.department, 'x', at, callbackAt, resolved, satisfaction));
  if (extension) insertExtension.run(id, extension[0], extension[1], extension[2]);
  refreshCaseStats(db, calendar, id);
}

const began = performance.now();
const batch = sql.transaction((from: number, to: number) => { for (let i = from; i < to; i++) generateCase(i); });
for (let i = 0; i < total; i += 10_000) batch(i, Math.min(total, i + 10_000));
// No ANALYZE or PRAGMA optimize: the service never gathers planner statistics, so neither does its benchmark.
const events = (sql.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
console.log(`generated ${total} cases with ${events} events in ${((performance.now() - began) / 1000).toFixed(1)} s`);

const scope = { jurisdiction: 'chongqing', period: yearPeriod(2026) };
function time(label: string, work: () => unknown): number {
  work();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) { const t0 = performance.now(); work(); runs.push(performance.now() - t0); }
  const median = runs.sort((a, b) => a - b)[2]!;
  console.log(`${label}: median ${median.toFixed(1)} ms of 5 runs (${runs.map((r) => r.toFixed(0)).join(', ')})`);
  return median;
}
const departments = time('department statistics for 2026', () => departmentReport(services, catalogue, scope));
const byMonth = time('breakdown by month for 2026', () => breakdownReport(services, catalogue, scope, 'month'));
const report = departmentReport(services, catalogue, scope);
console.log(`${report.departments.length} departments; first: ${report.departments[0]!.name} received ${report.departments[0]!.received}, score ${report.departments[0]!.score}`);
db.$client.close();
rmSync(dir, { recursive: true, force: true });
console.log(`stats: departments ${departments.toFixed(0)} ms, by-month ${byMonth.toFixed(0)} ms over ${total} cases`);
