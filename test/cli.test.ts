import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { authenticateKey } from '../src/auth/key-store.js';
import { openDatabase } from '../db/connection.js';
import { RULES_DIR, secretOf } from './helpers/app.js';

const ROOT = join(import.meta.dirname, '..');
const run = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

t.test('keys create prints the new key alone on its last line, and the key works with its scope', async (t) => {
  const db = join(tempDir(t, 'cli-'), 'hotline.db');
  const out = run('src/cli.ts', ['keys', 'create', '--role', 'handler', '--jurisdiction', 'chongqing', '--department', 'ecology-environment', '--district', '渝中'], { HOTLINE_DB: db });
  t.equal(out.status, 0, out.stderr);
  const key = out.stdout.trim().split('\n').at(-1)!;
  t.match(key, /^hk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  const principal = authenticateKey(openDatabase(db), key);
  t.match(principal, { role: 'handler', jurisdiction: 'chongqing', department: 'ecology-environment', district: '500103' });
  const listed = run('src/cli.ts', ['keys', 'list'], { HOTLINE_DB: db });
  t.notOk(listed.stdout.includes(secretOf(key)), 'list never shows secrets');
  const revoked = run('src/cli.ts', ['keys', 'revoke', principal!.keyId], { HOTLINE_DB: db });
  t.equal(revoked.status, 0);
  t.equal(authenticateKey(openDatabase(db), key), null, 'a revoked key no longer authenticates');
});

t.test('keys create refuses a scope that makes no sense', async (t) => {
  const db = join(tempDir(t, 'cli-'), 'hotline.db');
  for (const args of [
    ['--role', 'janitor', '--jurisdiction', 'chongqing'],
    ['--role', 'operator'],
    ['--role', 'handler', '--jurisdiction', 'chongqing'],
    ['--role', 'handler', '--jurisdiction', 'chongqing', '--department', 'space-agency'],
    ['--role', 'operator', '--jurisdiction', 'chongqing', '--channel', '110'],
    ['--role', 'handler', '--jurisdiction', 'chongqing', '--department', 'water', '--district', '浦东'],
  ]) {
    const out = run('src/cli.ts', ['keys', 'create', ...args], { HOTLINE_DB: db });
    t.equal(out.status, 2, `${args.join(' ')}: ${out.stderr.trim()}`);
  }
});

t.test('catalogue check validates and prints counts; an invalid catalogue fails it', async (t) => {
  const ok = run('src/cli.ts', ['catalogue', 'check'], {});
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /chongqing \(重庆市\) ok: \d+ departments, \d+ districts, \d+ matters/);
  t.match(ok.stdout, /shanghai \(上海市\) ok/);
  t.match(ok.stdout, /time-limit overrides, 30 industries; version/, 'the shared industries file is checked with each catalogue');

  const rules = tempDir(t, 'rules-');
  cpSync(RULES_DIR, rules, { recursive: true });
  const matters = join(rules, 'chongqing', 'matters.yaml');
  writeFileSync(matters, readFileSync(matters, 'utf8').replace(/lead: ecology-environment/, 'lead: ministry-of-magic'));
  const bad = run('src/cli.ts', ['catalogue', 'check'], { HOTLINE_RULES: rules });
  t.equal(bad.status, 1);
  t.match(bad.stderr, /matters\.yaml at \/\d+\/lead/);

  const server = run('src/server.ts', [], { HOTLINE_RULES: rules, HOTLINE_DB: join(rules, 'x.db'), PORT: '0' });
  t.equal(server.status, 1, 'the service refuses to start on an invalid catalogue');
  t.match(server.stdout + server.stderr, /matters\.yaml at \/\d+\/lead/);
});

t.test('the service on a port already taken exits 1 saying so, without a stack trace', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => taken.close());
  const port = String((taken.address() as AddressInfo).port);
  const server = run('src/server.ts', [], { HOTLINE_DB: join(tempDir(t, 'port-'), 'x.db'), PORT: port, HOST: '127.0.0.1' });
  t.equal(server.status, 1);
  t.match(server.stdout + server.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
  t.notMatch(server.stderr, /at Server\.setupListenHandle/);
});
