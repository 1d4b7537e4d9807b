import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledCatalogue } from '../../src/catalogue/registry.js';
import { type Classification, classify } from '../../src/classify/classify.js';

export const SHARED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');

export interface CorpusRow { id: string; region: string; lead: string; pollutionType: string; text: string }

/** The published complaints with the department that handled them (../shared/corpus), read in place. */
export function readCorpus(): CorpusRow[] {
  const lines = readFileSync(join(SHARED_DIR, 'corpus', 'complaints-dev.tsv'), 'utf8').split('\n').filter((l) => l.trim());
  return lines.slice(1).map((line) => {
    const [id = '', region = '', lead = '', pollutionType = '', , text = ''] = line.split('\t');
    return { id, region, lead, pollutionType, text };
  });
}

/** Shanghai's complaints are judged by Shanghai's catalogue; every other city's by Chongqing's, the general one. */
export function jurisdictionFor(row: CorpusRow): 'shanghai' | 'chongqing' {
  return row.region.startsWith('上海') ? 'shanghai' : 'chongqing';
}

export interface CorpusMiss { row: CorpusRow; lead: string | null; result: Classification }
export interface CorpusAgreement { rows: number; agreed: number; routedAgreed: number; misses: CorpusMiss[] }

/** The classification of a text and the lead department of its best matter (null: no matter). */
export function bestLead(compiled: CompiledCatalogue, text: string): { lead: string | null; result: Classification } {
  const result = classify(compiled.classifier, text);
  return { lead: result.matter ? compiled.catalogue.mattersByCode.get(result.matter.code)!.lead : null, result };
}

/**
 * How often the best matter's lead department is the department that really handled the complaint,
 * over the rows with a department code (territorial rows name no department). Shared by the
 * accuracy test and scripts/corpus-report.ts.
 */
export function corpusAgreement(catalogues: ReadonlyMap<string, CompiledCatalogue>): CorpusAgreement {
  const rows = readCorpus().filter((r) => r.lead !== '' && r.lead !== 'territorial');
  const outcome: CorpusAgreement = { rows: rows.length, agreed: 0, routedAgreed: 0, misses: [] };
  for (const row of rows) {
    const { lead, result } = bestLead(catalogues.get(jurisdictionFor(row))!, row.text);
    if (lead !== row.lead) outcome.misses.push({ row, lead, result });
    else {
      outcome.agreed++;
      if (result.confident) outcome.routedAgreed++;
    }
  }
  return outcome;
}
