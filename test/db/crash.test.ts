import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { syntheticComplaint } from '../../bench/complaints.js';
import { migrateDatabase, openDatabase } from '../../db/connection.js';
import { createKey } from '../../src/auth/key-store.js';
import { openServices } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { rebuildStatistics } from '../../src/stats/rebuild.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A real server process killed with SIGKILL while operators' systems are posting to it, then
 * started again on the same file: every complaint it acknowledged is there, whole; a work order
 * whose answer was lost can be sent again with its externalId and is taken once; the file is intact
 * and the statistics agree with a rebuild from the cases.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLIENTS = 12;
const KILL_AFTER_ACKS = 300;

const dir = tempDir(t, 'crash-');
const database = join(dir, 'hotline.db');
const setup = openDatabase(database);
migrateDatabase(setup);
const key = createKey(setup, { role: 'operator', jurisdiction: 'chongqing' }, new Date()).secret;
setup.$client.close();
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
const env = { HOTLINE_DB: database, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startServer(): Promise<{ server: ChildProcess; url: string }> {
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], {
    cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) return { server, url }; } catch { /* not listening yet */ }
    if (i > 300) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const bodyOf = (externalId: string, n: number) => JSON.stringify({
  jurisdiction: 'chongqing', channel: '12345', externalId, content: syntheticComplaint(n), reporter: { name: '测试', phone: '13800000000' },
});

t.test('SIGKILL under load loses no acknowledged complaint and leaves the file and statistics whole', async (t) => {
  const first = await startServer();
  const attempted = new Map<string, number>();
  const acknowledged = new Map<string, { id: string; trackingCode: string }>();
  let killed = false;
  const exited = new Promise((resolve) => first.server.once('exit', resolve));

  // Operators' systems post work orders one after another, each its own; the server dies mid-stream.
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = 0; !killed; n++) {
      const externalId = `crash-${client}-${n}`;
      const seed = client * 100_000 + n;
      attempted.set(externalId, seed);
      try {
        const res = await fetch(`${first.url}/api/v1/complaints`, { method: 'POST', headers, body: bodyOf(externalId, seed) });
        if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
        const { id, trackingCode } = await res.json() as { id: string; trackingCode: string };
        acknowledged.set(externalId, { id, trackingCode });
        if (!killed && acknowledged.size >= KILL_AFTER_ACKS) {
          killed = true;
          first.server.kill('SIGKILL');
        }
      } catch (error) {
        if (!killed) throw error;
        return; // the answer was lost with the process: this work order is sent again below
      }
    }
  }));
  await exited;
  t.ok(acknowledged.size >= KILL_AFTER_ACKS, `${acknowledged.size} complaints acknowledged before the kill`);
  const unanswered = [...attempted.keys()].filter((id) => !acknowledged.has(id));
  // Usually a few; none when every other answer was already on its way back when the process died.
  t.comment(`${unanswered.length} requests got no answer`);

  const second = await startServer();
  t.teardown(() => second.server.kill('SIGKILL'));
  const lost = [];
  for (const [externalId, { id, trackingCode }] of acknowledged) {
    const res = await fetch(`${second.url}/api/v1/complaints/${id}`, { headers });
    const found = res.ok ? await res.json() as { trackingCode: string; externalId: string; routing: { lead: unknown } } : null;
    if (!found || found.trackingCode !== trackingCode || found.externalId !== externalId || !found.routing.lead) lost.push(externalId);
  }
  t.same(lost, [], 'every acknowledged complaint is there, with its tracking code and its lead office');

  // The hotline system sends again what it got no answer for: each is taken once, committed or not.
  const resent = { stored: 0, new: 0, other: [] as string[] };
  for (const [externalId, seed] of attempted) {
    const res = await fetch(`${second.url}/api/v1/complaints`, { method: 'POST', headers, body: bodyOf(externalId, seed) });
    const { id } = await res.json() as { id: string };
    if (res.status === 200) resent.stored++;
    else if (res.status === 201 && !acknowledged.has(externalId)) resent.new++;
    else resent.other.push(`${externalId}: ${res.status}`);
    if (acknowledged.has(externalId) && acknowledged.get(externalId)!.id !== id) resent.other.push(`${externalId}: id ${id}`);
  }
  t.same(resent.other, [], 'a resent work order is the case it was, or a new one if it never committed');
  t.equal(resent.stored + resent.new, attempted.size);
  second.server.kill('SIGTERM');
  await new Promise((resolve) => second.server.once('exit', resolve));

  const services = openServices(loadConfig({ ...process.env, ...env }));
  t.teardown(() => services.db.$client.close());
  const sql = services.db.$client;
  t.equal(sql.pragma('integrity_check', { simple: true }), 'ok');
  t.same(sql.pragma('foreign_key_check'), []);
  t.equal((sql.prepare("SELECT count(*) FROM cases WHERE external_id LIKE 'crash-%'").pluck().get()), attempted.size, 'one case per work order');
  const statistics = () => ['stat_cases', 'stat_lead_terms', 'stat_department_daily', 'stat_breakdown_daily']
    .map((table) => sql.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4`).all());
  const kept = statistics();
  rebuildStatistics(services.db, services.calendar);
  t.same(kept, statistics(), 'the statistics kept through the crash are what a rebuild from the cases gives');
});
