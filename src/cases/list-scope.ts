import type { Principal } from '../auth/keys.js';
import { forbidden } from '../errors.js';

/**
 * The jurisdiction a list or report covers: the key's own, or for a key bound to none (an admin)
 * the one asked for, possibly none. Asking a bound key for another city is refused, not emptied.
 */
export function scopedJurisdiction(p: Principal, asked: string | undefined): string | undefined {
  if (p.jurisdiction && asked && asked !== p.jurisdiction) throw forbidden(`this key is limited to jurisdiction ${p.jurisdiction}`);
  return p.jurisdiction ?? asked;
}

/** The channel an operator key is bound to: its lists keep to it. Null for every other key. */
export function scopedChannel(p: Principal): string | null {
  return p.role === 'operator' ? p.channel : null;
}
