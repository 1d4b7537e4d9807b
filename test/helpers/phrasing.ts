import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledCatalogue } from '../../src/catalogue/registry.js';
import { bestLead } from './corpus.js';

/**
 * Sets of complaints written for this project (test/fixtures/phrasing/*.tsv: jurisdiction, matter,
 * lead, text), phrased the way callers and operators talk rather than in the catalogue's words.
 */
export interface PhrasingRow { jurisdiction: string; matter: string; lead: string; text: string }

export function readPhrasingSet(name: string): PhrasingRow[] {
  const lines = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'phrasing', `${name}.tsv`), 'utf8').split('\n').filter((l) => l.trim());
  return lines.slice(1).map((line) => {
    const [jurisdiction = '', matter = '', lead = '', text = ''] = line.split('\t');
    return { jurisdiction, matter, lead, text };
  });
}

/** agreed: the best matter's lead is right; routed: right and confident enough to skip triage. */
export interface PhrasingAgreement { rows: number; agreed: number; routed: number; misses: string[] }

/** Per jurisdiction: how often the best matter's lead department is the row's lead. */
export function phrasingAgreement(catalogues: ReadonlyMap<string, CompiledCatalogue>, rows: readonly PhrasingRow[]): Map<string, PhrasingAgreement> {
  const result = new Map<string, PhrasingAgreement>();
  for (const row of rows) {
    const { lead, result: classification } = bestLead(catalogues.get(row.jurisdiction)!, row.text);
    let tally = result.get(row.jurisdiction);
    if (!tally) result.set(row.jurisdiction, (tally = { rows: 0, agreed: 0, routed: 0, misses: [] }));
    tally.rows++;
    if (lead === row.lead) {
      tally.agreed++;
      if (classification.confident) tally.routed++;
    } else tally.misses.push(`${row.matter}/${row.lead} ≠ ${classification.matter?.code ?? '-'}/${lead ?? '-'}: ${row.text}`);
  }
  return result;
}
