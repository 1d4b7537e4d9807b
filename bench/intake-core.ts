import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServices } from '../src/bootstrap.js';
import { intakeComplaint } from '../src/cases/commands/intake.js';
import { loadConfig } from '../src/config.js';
import type { Principal } from '../src/auth/keys.js';
import { syntheticComplaint } from './complaints.js';

/**
 * The intake command without HTTP: the same group commit the server uses, batches of
 * BENCH_BATCH (default 20, as many as the HTTP benchmark's connections) awaited together, on a
 * fresh database file at the server's synchronous level. Steadier than the HTTP run, so it is the
 * one to compare database changes with. BENCH_CASES (default 20,000) sets the count.
 */
const total = Number(process.env.BENCH_CASES ?? 20_000);
const batch = Number(process.env.BENCH_BATCH ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'bench-intake-core-'));
const services = openServices(loadConfig({ ...process.env, HOTLINE_DB: join(dir, 'hotline.db') }));
const operator: Principal = { keyId: 'bench', role: 'operator', jurisdiction: 'chongqing', channel: null, department: null, district: null };

async function run(from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n += batch) {
    const jobs = [];
    for (let i = n; i < Math.min(n + batch, from + count); i++) {
      jobs.push(services.writes.run((scope) => intakeComplaint(services, operator, {
        jurisdiction: 'chongqing', channel: '12345', externalId: `bench-${i}`, content: syntheticComplaint(i), reporter: { name: '测试', phone: '13800000000' },
      }, scope)));
    }
    await Promise.all(jobs);
  }
}

await run(0, Math.min(2000, total / 10)); // warm-up: JIT, caches
const start = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
await run(total, total);
const micros = Number(process.hrtime.bigint() - start) / 1000 / total;
// CPU time as well: on a shared machine the wall clock varies by ±10 % from run to run, CPU time less.
const cpu = process.cpuUsage(cpuBefore);
const cpuMicros = (cpu.user + cpu.system) / total;
const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][services.db.$client.pragma('synchronous', { simple: true }) as number];
services.db.$client.close();
rmSync(dir, { recursive: true, force: true });
console.log(`intake-core: ${micros.toFixed(0)} µs/intake, ${Math.round(1e6 / micros)} intakes/s; CPU ${cpuMicros.toFixed(0)} µs/intake (${total} cases, batches of ${batch}, synchronous=${synchronous})`);
