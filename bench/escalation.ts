import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openServices } from '../src/bootstrap.js';
import { computeDueAt } from '../src/calendar/deadline.js';
import { loadConfig } from '../src/config.js';
import { EscalationScheduler } from '../src/escalation/scheduler.js';
import { dueEscalations, ESCALATIONS } from '../src/escalation/thresholds.js';
import { officeFor } from '../src/routing/offices.js';

/**
 * The escalation scheduler's tick on a city-sized database, on the thread that would serve HTTP.
 *
 * BENCH_CASES (default 1,000,000) cases of 2026, taken in evenly up to Wednesday 2026-12-16 23:59,
 * written straight into a fresh database file at the server's synchronous level. BENCH_OVERDUE
 * (default 30,000) of those whose reply is past due are still open (signed, reopened, or never
 * signed): the backlog. A case still within its reply limit is open until its reply: 90 % are signed
 * within the day, the rest in one to three days; 88 % are replied between two days after signing and
 * the limit, 12 % late (bench:stats' mix). Every step the scheduler
 * would have taken by then is on file (it ran every minute), and closed cases carry an escalation
 * history too. Open cases have their lead office's active assignment.
 *
 * Then timed, each with the wall time, CPU, the longest stretch the event loop was blocked
 * (the largest gap between turns of a setImmediate probe) and the largest event-loop delay
 * (perf_hooks, 1 ms resolution):
 * - BENCH_TICKS (default 5) steady ticks at 23:59:10, :20, … with nothing new to fire (the first
 *   one after a warm-up tick): what every minute of the day costs;
 * - the tick at 00:00:30, when a day's reply limits have run out, the next day's reminders are due
 *   and last week's overdue cases reach 通报: the burst of the day;
 * - one more steady tick a minute later.
 * Wall times on a shared machine include waiting for the CPU; the CPU figures are steadier.
 * Ends with `escalation: steady <ms> ms (cpu <ms> ms), longest block <ms> ms (cpu <ms> ms); midnight …, <n> steps`,
 * the steady figures the medians of the steady ticks.
 */
const total = Number(process.env.BENCH_CASES ?? 1_000_000);
const overdueTarget = Number(process.env.BENCH_OVERDUE ?? 30_000);
const steadyTicks = Number(process.env.BENCH_TICKS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'bench-escalation-'));
let clockNow = new Date('2026-12-16T23:59:00+08:00');
const services = openServices(loadConfig({ ...process.env, HOTLINE_DB: join(dir, 'hotline.db'), HOTLINE_JURISDICTIONS: 'chongqing' }), () => clockNow);
const { db, calendar } = services;
const { catalogue } = services.catalogues.get('chongqing')!;

let seed = 7;
const random = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const DAY = 86_400_000;
const yearStart = Date.parse('2026-01-01T00:00:00+08:00');
const setupNow = clockNow.getTime();
const decisionOf = (matter: (typeof catalogue.matters)[number]) => JSON.stringify({
  classification: { matter: { code: matter.code, title: matter.title }, pollutionTypes: matter.pollutionTypes, confidence: 1, confident: true, matchedTerms: [], suggestions: [], catalogueVersion: catalogue.version },
  routing: { district: null, territorial: null, limits: { sign: { value: 1, unit: 'workingDays' }, reply: { value: 15, unit: 'workingDays' }, extension: { value: 10, unit: 'workingDays', maxCount: 1 }, return: { value: 2, unit: 'workingDays' }, rehandle: { value: 5, unit: 'workingDays', maxCount: 2 } } },
});
const decisions = new Map(catalogue.matters.map((m) => [m.code, decisionOf(m)]));

const sql = db.$client;
const insertCase = sql.prepare(`INSERT INTO cases (tracking_code, access_code_hash, jurisdiction, channel, submission_hash, kind, urgency, status, content,
  district_code, district_name, matter_code, pollution_types, confidence, decision, catalogue_version, received_at, created_at, updated_at,
  sign_due_at, reply_due_at, signed_at, replied_at, closed_at, reporter_name, reporter_phone)
  VALUES (?, 'x', 'chongqing', '12345', 'x', 'complaint', 'normal', ?, '渝中区某工地夜间持续施工，噪音很大，严重影响周边居民休息，请有关部门尽快处理。', ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '张先生', '13800000000')`);
const insertAssignment = sql.prepare("INSERT INTO assignments (case_id, department, office_name, district_code, role, state, assigned_at, signed_at) VALUES (?, ?, ?, ?, 'lead', 'active', ?, ?)");
const insertEscalation = sql.prepare('INSERT INTO escalations (case_id, kind, due_at, fired_at) VALUES (?, ?, ?, ?)');

// Reply limits that ran out before now: a share of them stays open (overdue), so that BENCH_OVERDUE do.
const received = Array.from({ length: total }, () => yearStart + random() * (setupNow - 3600_000 - yearStart)).sort((a, b) => a - b);
const limit = (value: number) => ({ value, unit: 'workingDays' as const });
const replyDueOf = (at: number) => computeDueAt(calendar, new Date(at), limit(15)).dueAt.getTime();
const past = received.filter((at) => replyDueOf(at) < setupNow).length;
const overdueShare = Math.min(1, overdueTarget / Math.max(1, past));

function generate(i: number): void {
  const at = received[i]!;
  const matter = pick(catalogue.matters);
  const district = pick(catalogue.districts);
  const signDue = computeDueAt(calendar, new Date(at), limit(1)).dueAt.getTime();
  const replyDue = replyDueOf(at);
  let status: string;
  let signedAt: number | null = at + (random() < 0.9 ? random() * 0.8 * DAY : DAY + random() * 2 * DAY);
  let repliedAt: number | null = null;
  if (replyDue < setupNow) {
    // The backlog: long overdue cases still open, in their share; the rest were replied and closed.
    const roll = random();
    status = random() >= overdueShare ? 'closed' : roll < 0.8 ? 'signed' : roll < 0.9 ? 'reopened' : 'assigned';
    if (status === 'closed') repliedAt = Math.min(replyDue, signedAt + 5 * DAY);
  } else {
    // Within the limit: replied after 2 days up to the limit, 12 % late (bench:stats' mix); open until then.
    const replyAt = random() < 0.88 ? signedAt + 2 * DAY + random() * (replyDue - signedAt - 2 * DAY) : replyDue + random() * 10 * DAY;
    status = signedAt > setupNow ? 'assigned' : replyAt > setupNow ? 'signed' : 'replied';
    if (status === 'replied') repliedAt = replyAt;
  }
  if (status === 'assigned') signedAt = null;
  const id = Number(insertCase.run(`CQ-ESC-${i}`, status, district.code, district.name, matter.code, JSON.stringify(matter.pollutionTypes), decisions.get(matter.code)!,
    catalogue.version, at, at, at, signDue, replyDue, signedAt, repliedAt, status === 'closed' ? repliedAt! + DAY : null).lastInsertRowid);

  const open = status !== 'replied' && status !== 'closed';
  if (open) {
    const office = officeFor(catalogue, matter.lead, district);
    insertAssignment.run(id, matter.lead, office.name, district.code, at, signedAt);
    // What the scheduler, ticking every minute, has fired by now: the reply reminder the day before as well.
    const steps = dueEscalations({ status, signDueAt: new Date(signDue), replyDueAt: new Date(replyDue) }, clockNow, calendar);
    if (replyDue < setupNow) steps.push({ kind: 'reply-reminder', dueAt: new Date(replyDue) });
    for (const step of steps) insertEscalation.run(id, step.kind, step.dueAt.getTime(), step.dueAt.getTime() + 60_000);
  } else if (random() < 0.3) {
    // Closed cases that were chased on their way: their rows stay in the table.
    insertEscalation.run(id, 'reply-reminder', replyDue, replyDue - DAY);
    if (random() < 0.2) insertEscalation.run(id, 'supervision-order', replyDue, replyDue + 60_000);
  }
}

const began = performance.now();
// The setup's own commits need not reach the disk; the ticks run at the configured level again.
const synchronous = sql.pragma('synchronous', { simple: true });
sql.pragma('synchronous = OFF');
const batch = sql.transaction((from: number, to: number) => { for (let i = from; i < to; i++) generate(i); });
for (let i = 0; i < total; i += 20_000) batch(i, Math.min(total, i + 20_000));
sql.pragma(`synchronous = ${synchronous}`);
// A running server checkpoints as it goes: the ticks start with the setup's log copied into the file.
sql.pragma('wal_checkpoint(TRUNCATE)');
const count = (query: string) => (sql.prepare(query).get() as { n: number }).n;
const overdue = count(`SELECT count(*) AS n FROM cases WHERE status IN ('assigned', 'signed', 'reopened') AND reply_due_at < ${setupNow}`);
const open = count("SELECT count(*) AS n FROM cases WHERE status IN ('assigned', 'signed', 'reopened')");
console.log(`generated ${total} cases (${open} open, ${overdue} of them past their reply limit) and ${count('SELECT count(*) AS n FROM escalations')} escalation rows in ${((performance.now() - began) / 1000).toFixed(1)} s`);

interface Measured { wallMs: number; cpuMs: number; blockedMs: number; blockedCpuMs: number; delayMs: number; steps: number }

/** One tick at `iso`, with a setImmediate probe and an event-loop delay histogram running beside it. */
async function measure(iso: string): Promise<Measured> {
  clockNow = new Date(iso);
  const scheduler = new EscalationScheduler(services, { holder: 'bench' });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let running = true;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let blocked = 0;
  let blockedCpu = 0;
  // Each gap between two turns of the probe is one stretch the loop could serve nothing else; its
  // CPU tells the tick's own work from waiting on the disk (fsync) or on other processes.
  const stretch = () => {
    const at = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    blocked = Math.max(blocked, at - last);
    blockedCpu = Math.max(blockedCpu, (cpu.user + cpu.system) / 1000);
    last = at;
    lastCpu = process.cpuUsage();
  };
  const probe = () => {
    stretch();
    if (running) setImmediate(probe);
  };
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, 20));
  setImmediate(probe);
  await new Promise((resolve) => setImmediate(resolve));
  blocked = 0;
  blockedCpu = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  // Awaited: the same bench times a synchronous tick and one that yields between batches.
  const report = await scheduler.tick(clockNow);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  // The stretch that ended the tick counts too.
  stretch();
  running = false;
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  if (!report.held) throw new Error('the bench scheduler did not get the lease');
  return {
    wallMs, cpuMs: (used.user + used.system) / 1000, blockedMs: blocked, blockedCpuMs: blockedCpu, delayMs: histogram.max / 1e6,
    steps: ESCALATIONS.reduce((n, k) => n + report.fired[k], 0),
  };
}

const show = (label: string, m: Measured) => console.log(`${label.padEnd(22)} wall ${m.wallMs.toFixed(1).padStart(7)} ms  cpu ${m.cpuMs.toFixed(1).padStart(7)} ms  ` +
  `longest block ${m.blockedMs.toFixed(1).padStart(7)} ms (cpu ${m.blockedCpuMs.toFixed(1).padStart(6)} ms)  loop delay max ${m.delayMs.toFixed(1).padStart(7)} ms  steps fired ${m.steps}`);

show('warm-up 23:59:05', await measure('2026-12-16T23:59:05+08:00'));
const steady: Measured[] = [];
for (let i = 0; i < steadyTicks; i++) {
  const m = await measure(`2026-12-16T23:59:${String(10 + i * 10).padStart(2, '0')}+08:00`);
  show(`steady 23:59:${10 + i * 10}`, m);
  steady.push(m);
}
const midnight = await measure('2026-12-17T00:00:30+08:00');
show('midnight 00:00:30', midnight);
show('steady 00:01:30', await measure('2026-12-17T00:01:30+08:00'));

sql.close();
rmSync(dir, { recursive: true, force: true });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (m: Pick<Measured, 'wallMs' | 'cpuMs' | 'blockedMs' | 'blockedCpuMs'>) =>
  `${m.wallMs.toFixed(1)} ms (cpu ${m.cpuMs.toFixed(1)} ms), longest block ${m.blockedMs.toFixed(1)} ms (cpu ${m.blockedCpuMs.toFixed(1)} ms)`;
const steadyMedian = { wallMs: median(steady.map((m) => m.wallMs)), cpuMs: median(steady.map((m) => m.cpuMs)), blockedMs: median(steady.map((m) => m.blockedMs)), blockedCpuMs: median(steady.map((m) => m.blockedCpuMs)) };
console.log(`escalation: steady ${summary(steadyMedian)}; midnight ${summary(midnight)}, ${midnight.steps} steps; over ${total} cases with ${overdue} overdue`);
