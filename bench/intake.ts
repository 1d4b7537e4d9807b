import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createKey } from '../src/auth/key-store.js';
import { migrateDatabase, openDatabase } from '../db/connection.js';
import { syntheticComplaint } from './complaints.js';

/**
 * A real server in its own process on 127.0.0.1 with a fresh database; autocannon here posts
 * distinct complaints, first for BENCH_WARMUP seconds (default 3, not counted: the figures are of a
 * server whose JIT has compiled its hot paths, on a database that already holds some thousand
 * cases), then for BENCH_SECONDS (default 10) measured; then GET /healthz the same way as the
 * baseline. The rate is the answered intakes over the measured run's wall time.
 * BENCH_CONNECTIONS (default 20) sets the concurrency; BENCH_SERVER_ARGS adds node flags to the
 * server (a CPU profile of the server under load: '--cpu-prof --cpu-prof-dir=DIR').
 */
const ROOT = join(import.meta.dirname, '..');
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const port = 3900 + Math.floor(Math.random() * 90);
const dir = mkdtempSync(join(tmpdir(), 'bench-intake-'));
const database = join(dir, 'hotline.db');
const synchronous = process.env.HOTLINE_DB_SYNCHRONOUS ?? 'FULL';

const db = openDatabase(database);
migrateDatabase(db);
const key = createKey(db, { role: 'operator', jurisdiction: 'chongqing' }, new Date()).secret;
db.$client.close();

// BENCH_SERVER_ARGS passes extra node flags to the server, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'.
const serverArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const server = spawn(process.execPath, [...serverArgs, '--import', 'tsx', join(ROOT, 'src/server.ts')], {
  cwd: ROOT, env: { ...process.env, PORT: String(port), HOTLINE_DB: database, LOG_LEVEL: 'warn', HOTLINE_DB_SYNCHRONOUS: synchronous }, stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not listening yet */ }
  if (i > 100) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 100));
}

/**
 * CPU time so far (user + system, ms) from /proc, of the whole server process and of its main
 * thread alone: the thread that answers HTTP and runs the intake is the bottleneck when its time is
 * near the wall time; the process figure adds helper threads (GC, the WAL checkpointer).
 */
const cpuMs = (stat: string): number => {
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks of 10 ms
};
const serverCpuMs = () => cpuMs(`/proc/${server.pid}/stat`);
const mainThreadCpuMs = () => cpuMs(`/proc/${server.pid}/task/${server.pid}/stat`);

let sequence = 0;
const postComplaints = (duration: number) => autocannon({
  url: `${url}/api/v1/complaints`, connections, duration, method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  requests: [{
    setupRequest: (request) => {
      const n = sequence++;
      request.body = JSON.stringify({ jurisdiction: 'chongqing', channel: '12345', externalId: `bench-${n}`, content: syntheticComplaint(n), reporter: { name: '测试', phone: '13800000000' } });
      return request;
    },
  }],
});
if (warmup > 0) {
  const warm = await postComplaints(warmup);
  if (warm.non2xx + warm.errors + warm.timeouts > 0) throw new Error(`the warm-up had failures: ${JSON.stringify(warm.statusCodeStats)}, ${warm.errors} errors`);
}
const warmedWith = sequence;
const cpuBefore = serverCpuMs();
const mainCpuBefore = mainThreadCpuMs();
const loadCpuBefore = process.cpuUsage();
const startedAt = performance.now();
const intake = await postComplaints(seconds);
const elapsed = (performance.now() - startedAt) / 1000;
const serverCpu = serverCpuMs() - cpuBefore;
const mainCpu = mainThreadCpuMs() - mainCpuBefore;
const loadCpu = process.cpuUsage(loadCpuBefore);
const health = await autocannon({ url: `${url}/healthz`, connections, duration: Math.max(3, seconds / 2) });
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dir, { recursive: true, force: true });

const non2xx = intake.non2xx + intake.errors + intake.timeouts;
if (non2xx > 0) console.log(`failures: ${intake.non2xx} non-2xx ${JSON.stringify(intake.statusCodeStats)}, ${intake.errors} errors, ${intake.timeouts} timeouts`);
console.log(`intake: ${intake.requests.total} requests in ${elapsed.toFixed(1)} s over ${connections} connections after ${warmup} s of warm-up (${warmedWith} complaints), synchronous=${synchronous}, ${non2xx} failed; p50 ${intake.latency.p50} ms, p90 ${intake.latency.p90} ms`);
console.log(`intake per second: min ${intake.requests.min}, median ${intake.requests.p50}, max ${intake.requests.max}`);
console.log(`server CPU: ${Math.round(serverCpu / intake.requests.total * 1000)} µs/intake, ${Math.round(serverCpu / (elapsed * 10))} % of one core; main thread ${Math.round(mainCpu / intake.requests.total * 1000)} µs/intake, ${Math.round(mainCpu / (elapsed * 10))} %; autocannon ${Math.round((loadCpu.user + loadCpu.system) / 1000 / (elapsed * 10))} % of one core`);
console.log(`healthz: p50 ${health.latency.p50} ms, p99 ${health.latency.p99} ms`);
console.log(`intake: ${Math.round(intake.requests.total / elapsed)} req/s, p99 ${intake.latency.p99} ms; healthz: ${Math.round(health.requests.average)} req/s`);
if (non2xx > 0) process.exitCode = 1;
