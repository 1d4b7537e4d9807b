import { createHash, randomInt } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so codes read over the phone are not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** 流水号 a citizen quotes: jurisdiction prefix, local date, random part (CQ-20261122-7K3M9Q). */
export function newTrackingCode(prefix: string, localDate: string, random: (length: number) => string = randomCode): string {
  return `${prefix}-${localDate.replaceAll('-', '')}-${random(6)}`;
}

const ALLOCATION_ATTEMPTS = 8;

/**
 * A tracking code no case holds yet. Six base-32 characters give ~10⁹ codes a day, but by the
 * birthday bound 40,000 cases in one day collide with even odds (measured: the intake benchmark
 * hit one), so a drawn code is checked against the unique index and drawn again when taken.
 */
export function allocateTrackingCode(isTaken: (code: string) => boolean, prefix: string, localDate: string, random: (length: number) => string = randomCode): string {
  for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
    const code = newTrackingCode(prefix, localDate, random);
    if (!isTaken(code)) return code;
  }
  // Eight draws all taken means the day's space is nearly full or the random source is broken.
  throw new Error(`no free tracking code for ${prefix} on ${localDate} after ${ALLOCATION_ATTEMPTS} draws`);
}

/**
 * A code as a citizen types it, in the form it was issued: a phone's full-width input mode (ＣＱ－２０…),
 * spaces from copying an SMS and other dashes are undone, letters upper-cased, and in the random
 * part the letters Crockford's alphabet leaves out read as the digits they are mistaken for
 * (O → 0, I and L → 1), as that alphabet prescribes. The prefix and date are left alone.
 */
export function normaliseTypedCode(value: string, kind: 'tracking' | 'access'): string {
  const plain = value.normalize('NFKC').replace(/\s+/g, '').replace(/[\u2010-\u2015\u2212\u30FC]/g, '-').toUpperCase();
  const cut = kind === 'tracking' ? plain.lastIndexOf('-') + 1 : 0;
  return plain.slice(0, cut) + plain.slice(cut).replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** 提取码: shown once, stored only as a hash bound to its tracking code. */
export function newAccessCode(): string {
  return randomCode(8);
}

export function hashAccessCode(trackingCode: string, accessCode: string): string {
  return createHash('sha256').update(`${trackingCode}:${accessCode.toUpperCase()}`).digest('hex');
}
