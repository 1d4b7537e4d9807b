import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { createKey } from '../src/auth/key-store.js';
import { openServices } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';

/**
 * GET /api/v1/complaints/:id through app.inject (no sockets): µs per full answer (200) and per
 * revalidation (304 on If-None-Match), by the lead office's handler key, so no reveal event is
 * written per read; and µs for the SHA-256 of the body the ETag costs. BENCH_ROUNDS (default 5)
 * interleaved rounds of BENCH_READS (default 3,000) requests each; the range over rounds is printed.
 */
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const reads = Number(process.env.BENCH_READS ?? 3_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-conditional-get-'));
const services = openServices(loadConfig({ ...process.env, HOTLINE_DB: join(dir, 'hotline.db') }));
const app = await buildApp({ services });
const now = new Date();
const operator = createKey(services.db, { role: 'operator', jurisdiction: 'chongqing' }, now).secret;
const office = createKey(services.db, { role: 'handler', jurisdiction: 'chongqing', department: 'housing-construction', district: '500103' }, now).secret;

const created = await app.inject({
  method: 'POST', url: '/api/v1/complaints', headers: { authorization: `Bearer ${operator}` },
  payload: { jurisdiction: 'chongqing', channel: '12345', content: '渝中区某工地白天打桩噪音很大，窗户都在震', reporter: { name: '测试', phone: '13800000000' } },
});
const url = `/api/v1/complaints/${created.json().id}`;
const first = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${office}` } });
if (first.statusCode !== 200) throw new Error(`GET answered ${first.statusCode}: ${first.body}`);
const etag = first.headers.etag as string | undefined;

const timeReads = async (headers: Record<string, string>, expect: number) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < reads; i++) {
    const res = await app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== expect) throw new Error(`expected ${expect}, got ${res.statusCode}`);
  }
  return Number(process.hrtime.bigint() - start) / 1000 / reads;
};
const timeDigest = () => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < reads * 10; i++) createHash('sha256').update(first.body).digest('base64url');
  return Number(process.hrtime.bigint() - start) / 1000 / (reads * 10);
};

const full = [], revalidated = [], digest = [];
await timeReads({ authorization: `Bearer ${office}` }, 200); // warm-up: JIT, prepared statements
for (let r = 0; r < rounds; r++) {
  full.push(await timeReads({ authorization: `Bearer ${office}` }, 200));
  // A build without conditional GET has no ETag to send back: only the full answer is timed.
  if (etag?.includes('-')) revalidated.push(await timeReads({ authorization: `Bearer ${office}`, 'if-none-match': etag }, 304));
  digest.push(timeDigest());
}
const range = (xs: number[]) => (xs.length ? `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} µs` : 'n/a');
console.log(`body ${first.body.length} characters, ETag ${etag ?? 'none'}`);
console.log(`200 full answer: ${range(full)} per GET`);
console.log(`304 revalidation: ${range(revalidated)} per GET`);
console.log(`sha256 of the body: ${range(digest)}`);
await app.close();
services.db.$client.close();
rmSync(dir, { recursive: true, force: true });
