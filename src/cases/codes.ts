import { createHash, randomInt } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so codes read over the phone are not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** 流水号 a citizen quotes: jurisdiction prefix, local date, random part (CQ-20261122-7K3M9Q). */
export function newTrackingCode(prefix: string, localDate: string): string {
  return `${prefix}-${localDate.replaceAll('-', '')}-${randomCode(6)}`;
}

/** 提取码: shown once, stored only as a hash bound to its tracking code. */
export function newAccessCode(): string {
  return randomCode(8);
}

export function hashAccessCode(trackingCode: string, accessCode: string): string {
  return createHash('sha256').update(`${trackingCode}:${accessCode.toUpperCase()}`).digest('hex');
}
