import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
