import { createRequire } from 'node:module';
import type { Catalogue } from '../catalogue/types.js';

// Deep import: natural's index loads dotenv (and ./.env) and takes ~650 ms.
const require = createRequire(import.meta.url);
const TfIdf = require('natural/lib/natural/tfidf/tfidf.js') as new () => {
  addDocument(tokens: string[], key?: string): void;
  tfidfs(tokens: string[], callback: (i: number, measure: number) => void): void;
};

/** Character bigrams: Chinese has no spaces, and bigrams carry most of a complaint's vocabulary. */
export function characterBigrams(text: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 1 < text.length; i++) grams.push(text.slice(i, i + 2));
  return grams;
}

export interface SimilarMatter { matter: number; similarity: number }

/**
 * TF-IDF similarity of a text to each matter's vocabulary (title and keyword terms). Used only when
 * no keyword rule fires, to give triage operators a ranked starting point instead of nothing.
 */
export class MatterSimilarity {
  private readonly tfidf = new TfIdf();

  constructor(catalogue: Catalogue, normaliseText: (s: string) => string) {
    for (const matter of catalogue.matters) {
      const vocabulary = [matter.title, ...matter.rules.flatMap((r) => r.any ?? r.all?.flat() ?? [])];
      this.tfidf.addDocument(characterBigrams(normaliseText(vocabulary.join('|'))));
    }
  }

  rank(normalisedText: string, limit: number): SimilarMatter[] {
    const grams = [...new Set(characterBigrams(normalisedText))];
    if (grams.length === 0) return [];
    const ranked: SimilarMatter[] = [];
    this.tfidf.tfidfs(grams, (i, measure) => { if (measure > 0) ranked.push({ matter: i, similarity: measure }); });
    return ranked.sort((a, b) => b.similarity - a.similarity || a.matter - b.matter).slice(0, limit);
  }
}
