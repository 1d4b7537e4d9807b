import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../src/auth/keys.js';
import { openServices } from '../src/bootstrap.js';
import { citizenView } from '../src/cases/citizen-view.js';
import { intakeComplaint } from '../src/cases/commands/intake.js';
import { loadConfig } from '../src/config.js';
import { syntheticComplaint } from './complaints.js';

/**
 * The citizen's status lookup (查询进度) without HTTP: tracking code and access code checked, then the
 * case's office, reply, milestones, extension and rejection read, on a fresh database holding
 * BENCH_CASES (default 20,000) cases taken in through the same intake as the service. Ends with
 * `lookup: <µs> µs/op, <n> ops/s`.
 */
const total = Number(process.env.BENCH_CASES ?? 20_000);
const iterations = Number(process.env.BENCH_LOOKUPS ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-lookup-'));
const services = openServices(loadConfig({ ...process.env, HOTLINE_DB: join(dir, 'hotline.db') }));
const operator: Principal = { keyId: 'bench', role: 'operator', jurisdiction: 'chongqing', channel: null, department: null, district: null };

const codes: Array<[string, string]> = [];
for (let n = 0; n < total; n += 100) {
  const batch = [];
  for (let i = n; i < Math.min(n + 100, total); i++) {
    batch.push(services.writes.run((scope) => intakeComplaint(services, operator, {
      jurisdiction: 'chongqing', channel: '12345', externalId: `lookup-${i}`, content: syntheticComplaint(i), reporter: { name: '测试', phone: '13800000000' },
    }, scope)));
  }
  for (const result of await Promise.all(batch)) codes.push([result.row.trackingCode, result.accessCode!]);
}

const lookup = (i: number) => {
  const [trackingCode, accessCode] = codes[(i * 7919) % codes.length]!;
  if (!citizenView(services, trackingCode, accessCode)) throw new Error(`no view for ${trackingCode}`);
};
for (let i = 0; i < 5_000; i++) lookup(i); // warm-up: JIT, prepared statements
const start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) lookup(i);
const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
services.db.$client.close();
rmSync(dir, { recursive: true, force: true });
console.log(`lookup: ${micros.toFixed(1)} µs/op, ${Math.round(1e6 / micros)} ops/s (${iterations} lookups over ${total} cases)`);
