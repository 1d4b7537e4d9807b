import { join } from 'node:path';
import t from 'tap';
import { authenticateKey, createKey, KEY_CACHE_MS, revokeKey } from '../../src/auth/key-store.js';
import { hashKey } from '../../src/auth/keys.js';
import { migrateDatabase, openDatabase } from '../../db/connection.js';
import { apiKeys } from '../../db/schema.js';
import { tempDir } from '../helpers/temp.js';

/** The service's connection and a second one standing for `hotline keys ...` in another process. */
function twoConnections(t: { teardown(fn: () => void): void }) {
  const file = join(tempDir(t, 'key-cache-'), 'hotline.db');
  const service = openDatabase(file);
  migrateDatabase(service);
  const cli = openDatabase(file);
  t.teardown(() => { service.$client.close(); cli.$client.close(); });
  return { service, cli };
}

t.test('a key revoked by another process is refused once the remembered lookup has expired', async (t) => {
  const { service, cli } = twoConnections(t);
  const now = Date.now();
  const key = createKey(cli, { role: 'operator', jurisdiction: 'chongqing' }, new Date(now));
  t.match(authenticateKey(service, key.secret, now), { keyId: key.id, role: 'operator', jurisdiction: 'chongqing' });
  t.ok(revokeKey(cli, key.id, new Date(now)), 'revoked in the other connection');
  t.match(authenticateKey(service, key.secret, now + 1_000), { keyId: key.id }, 'still remembered within KEY_CACHE_MS');
  t.equal(authenticateKey(service, key.secret, now + KEY_CACHE_MS + 1), null, 'asked again after KEY_CACHE_MS: refused');
  t.equal(authenticateKey(service, key.secret, now + KEY_CACHE_MS + 2), null, 'and stays refused');
});

t.test('a key revoked through the same connection is refused at once', async (t) => {
  const { service } = twoConnections(t);
  const now = Date.now();
  const key = createKey(service, { role: 'supervisor', jurisdiction: 'shanghai' }, new Date(now));
  t.match(authenticateKey(service, key.secret, now), { role: 'supervisor' });
  t.ok(revokeKey(service, key.id, new Date(now)));
  t.equal(authenticateKey(service, key.secret, now), null);
});

t.test('an unknown key is not remembered: once it exists it works at once', async (t) => {
  const { service, cli } = twoConnections(t);
  const now = Date.now();
  const secret = 'hk_0123456789ab_not-yet-issued-secret-of-forty-three-characters';
  t.equal(authenticateKey(service, secret, now), null);
  cli.insert(apiKeys).values({ id: '0123456789ab', hash: hashKey(secret), role: 'handler', jurisdiction: 'chongqing', department: 'water', createdAt: new Date(now) }).run();
  t.match(authenticateKey(service, secret, now), { keyId: '0123456789ab', role: 'handler', department: 'water' });
});

t.test('a remembered principal cannot be changed by the request that received it', async (t) => {
  const { service } = twoConnections(t);
  const key = createKey(service, { role: 'operator', jurisdiction: 'chongqing' }, new Date());
  const principal = authenticateKey(service, key.secret)!;
  t.throws(() => { (principal as { role: string }).role = 'admin'; }, TypeError);
  t.equal(authenticateKey(service, key.secret)!.role, 'operator', 'the next request sees the stored role');
});
