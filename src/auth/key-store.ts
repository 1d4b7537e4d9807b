import { and, eq, isNull } from 'drizzle-orm';
import { cached } from '../../db/prepared.js';
import type { Db } from '../../db/connection.js';
import { apiKeys } from '../../db/schema.js';
import { generateKey, hashKey, type Principal, type Role } from './keys.js';

export interface KeyScope {
  role: Role;
  jurisdiction: string | null;
  channel?: string | null;
  department?: string | null;
  district?: string | null;
  label?: string | null;
}

/** Creates a key and returns its secret: the only time the secret exists outside its holder. */
export function createKey(db: Db, scope: KeyScope, now: Date): { id: string; secret: string } {
  const key = generateKey();
  db.insert(apiKeys).values({
    id: key.id, hash: key.hash, role: scope.role, jurisdiction: scope.jurisdiction,
    channel: scope.channel ?? null, department: scope.department ?? null, district: scope.district ?? null,
    label: scope.label ?? null, createdAt: now,
  }).run();
  return { id: key.id, secret: key.secret };
}

export function revokeKey(db: Db, id: string, now: Date): boolean {
  const revoked = db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).run().changes > 0;
  // This connection stops honouring the key at once; other processes within KEY_CACHE_MS.
  if (revoked) principalsOf(db).clear();
  return revoked;
}

export function listKeys(db: Db) {
  return db.select({
    id: apiKeys.id, role: apiKeys.role, jurisdiction: apiKeys.jurisdiction, channel: apiKeys.channel,
    department: apiKeys.department, district: apiKeys.district, label: apiKeys.label,
    createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt,
  }).from(apiKeys).all();
}

/**
 * How long a process keeps honouring a key it has looked up, without asking the database again.
 * A key revoked with `hotline keys revoke` (another process) is refused by a running service within
 * this time; one revoked through the same connection, at once.
 */
export const KEY_CACHE_MS = 5_000;
/** Keys are few (an admin creates them); the bound only stops an unusual number from growing the map. */
const KEY_CACHE_LIMIT = 1_000;

interface RememberedKey { principal: Readonly<Principal>; until: number }

function principalsOf(db: Db): Map<string, RememberedKey> {
  return cached(db, 'key-principals', () => new Map<string, RememberedKey>());
}

/**
 * The principal of a presented key, or null when it is unknown or revoked. Runs on every request:
 * a known key is remembered by its hash for KEY_CACHE_MS (the lookup measured ~20 µs of an intake
 * under load: a read transaction of its own in a busy WAL). Unknown keys are never remembered, so a
 * key created a moment ago works at once. The lookup is one raw prepared statement with the
 * columns a principal needs (drizzle's full-row mapping measured ~3 % of an intake).
 * `nowMs` is on a monotonic clock, so a wall clock set back cannot stretch the 5 s.
 */
export function authenticateKey(db: Db, secret: string, nowMs: number = performance.now()): Readonly<Principal> | null {
  const hash = hashKey(secret);
  const principals = principalsOf(db);
  const remembered = principals.get(hash);
  if (remembered !== undefined && remembered.until > nowMs) return remembered.principal;
  const row = cached(db, 'key-by-hash', () => db.$client.prepare(`SELECT id, role, jurisdiction, channel, department, district
    FROM api_keys WHERE hash = ? AND revoked_at IS NULL`)).get(hash) as (Principal & { id: string }) | undefined;
  if (!row) {
    principals.delete(hash);
    return null;
  }
  const principal: Readonly<Principal> = Object.freeze({ keyId: row.id, role: row.role, jurisdiction: row.jurisdiction, channel: row.channel, department: row.department, district: row.district });
  if (principals.size >= KEY_CACHE_LIMIT) principals.clear();
  principals.set(hash, { principal, until: nowMs + KEY_CACHE_MS });
  return principal;
}
