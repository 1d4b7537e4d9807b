import type { Catalogue } from '../catalogue/types.js';
import type { BreakdownCounts, BreakdownKey } from './queries.js';

/**
 * Breakdowns the 12369 statistics ask for that follow from a stored one: sub-types (二级分类) from
 * the matter, through the catalogue; channel groups (电话 / 微信 / 网上 / 其他) from the channel. Every
 * count of a breakdown group is a sum over cases, so a derived group is the sum of its source groups.
 * Sub-types are read from the catalogue in force: a matter whose sub-types changed is counted as the
 * catalogue says now.
 */
export const DERIVED_BREAKDOWNS = ['subType', 'channelGroup'] as const;
export type DerivedBreakdownKey = (typeof DERIVED_BREAKDOWNS)[number];

export const CHANNEL_GROUPS: Record<string, string> = {
  '12345': 'phone', '12369': 'phone', wechat: 'wechat', web: 'web', letter: 'other', inspection: 'other',
};
export const CHANNEL_GROUP_LABELS: Record<string, string> = { phone: '电话', wechat: '微信', web: '网上', other: '其他' };

export const sourceOf = (by: DerivedBreakdownKey): BreakdownKey => (by === 'subType' ? 'matter' : 'channel');

/** The groups of a derived breakdown from those of its source, largest first (then by key, none last). */
export function deriveGroups(catalogue: Catalogue, by: DerivedBreakdownKey, source: readonly BreakdownCounts[]): BreakdownCounts[] {
  const keysOf = (key: string | null): Array<string | null> => {
    if (key === null) return [null];
    if (by === 'channelGroup') return [CHANNEL_GROUPS[key] ?? 'other'];
    // Multi-label, as pollution types are: a matter of two sub-types counts in both.
    const matter = catalogue.mattersByCode.get(key);
    return matter ? matter.subTypes : [null];
  };
  const groups = new Map<string | null, BreakdownCounts>();
  for (const g of source) {
    for (const key of keysOf(g.key)) {
      const into = groups.get(key);
      if (!into) {
        groups.set(key, { ...g, key });
        continue;
      }
      for (const field of Object.keys(g) as Array<keyof BreakdownCounts>) {
        if (field !== 'key') (into[field] as number) += g[field] as number;
      }
    }
  }
  return [...groups.values()].sort((a, b) => b.cases - a.cases || (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)));
}
