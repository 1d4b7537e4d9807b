import { createRequire } from 'node:module';
import type { Db } from '../../db/connection.js';
import { cached } from '../../db/prepared.js';
import { normalise } from '../classify/normalise.js';

const require = createRequire(import.meta.url);
// natural's Dice coefficient over character bigrams; deep import (its index loads dotenv).
const diceCoefficient = require('natural/lib/natural/distance/dice_coefficient.js') as (a: string, b: string) => number;

export interface RepeatOf { id: string; trackingCode: string; similarity: number }

/** How alike two complaints must be (Dice over character bigrams) to be the same problem reported again. */
export const REPEAT_SIMILARITY = 0.5;
const WINDOW_MS = 30 * 86_400_000;
const CANDIDATES = 20;

/**
 * 重复投诉: the open case this complaint most likely repeats — same jurisdiction, matter and district,
 * received in the last 30 days, similar text — or null. Checked at intake; the case is still taken in
 * (a dispatcher may merge it), and the repeat counts in the statistics.
 */
export function findRepeat(db: Db, c: { jurisdiction: string; matterCode: string | null; districtCode: string | null; content: string; now: Date }): RepeatOf | null {
  if (!c.matterCode) return null;
  const recent = cached(db, 'repeat-candidates', () => db.$client.prepare(`SELECT id, tracking_code, content FROM cases
    WHERE jurisdiction = @jurisdiction AND matter_code = @matter AND district_code IS @district AND received_at >= @since
      AND status NOT IN ('closed', 'rejected')
    ORDER BY received_at DESC LIMIT ${CANDIDATES}`));
  const rows = recent.all({ jurisdiction: c.jurisdiction, matter: c.matterCode, district: c.districtCode, since: c.now.getTime() - WINDOW_MS }) as Array<{ id: number; tracking_code: string; content: string }>;
  const text = normalise(c.content);
  let best: RepeatOf | null = null;
  for (const row of rows) {
    const similarity = Math.round(diceCoefficient(text, normalise(row.content)) * 1000) / 1000;
    if (similarity >= REPEAT_SIMILARITY && (!best || similarity > best.similarity)) best = { id: String(row.id), trackingCode: row.tracking_code, similarity };
  }
  return best;
}
