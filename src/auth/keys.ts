import { createHash, randomBytes } from 'node:crypto';

export const ROLES = ['operator', 'handler', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The reporter acting on their own case through the public pages, known by its tracking code and
 * access code: no API key has this role, and it may take only REPORTER_ACTIONS (policies.ts).
 */
export type ActorRole = Role | 'reporter';

/** Who is acting: the role and scope of the API key presented (or the reporter, on the public routes). */
export interface Principal {
  keyId: string;
  role: ActorRole;
  /** null: every jurisdiction (admin keys). */
  jurisdiction: string | null;
  channel: string | null;
  department: string | null;
  district: string | null;
}

export interface NewKey { id: string; secret: string; hash: string }

/** A fresh key: `hk_<id>_<secret>` with 256 random bits; only its SHA-256 is stored. */
export function generateKey(): NewKey {
  const id = randomBytes(6).toString('hex');
  const secret = `hk_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, secret, hash: hashKey(secret) };
}

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
