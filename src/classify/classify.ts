import type { DepartmentCode, PollutionSubtype, PollutionType } from '../catalogue/schema.js';
import type { Catalogue, Matter } from '../catalogue/types.js';
import { detectIndustry, type IndustryFinding, type IndustryIndex } from './industry.js';
import type { MatterIndex } from './matter-index.js';
import { normalise } from './normalise.js';
import { scoreMatters } from './score.js';
import type { MatterSimilarity } from './similarity.js';

export interface Suggestion {
  matter: { code: string; title: string };
  lead: DepartmentCode;
  /** Keyword score, or TF-IDF similarity when no rule fired (basis says which). */
  score: number;
  basis: 'keywords' | 'similarity';
  matchedTerms: string[];
}

export interface Classification {
  /** The best-scoring matter, or null when no keyword rule fired. */
  matter: { code: string; title: string } | null;
  pollutionTypes: PollutionType[];
  /** 二级分类 of the matter, as the 12369 statistics cut them. */
  subTypes: PollutionSubtype[];
  /** 行业 of the entity complained about; null when neither the matter nor the text names one. */
  industry: IndustryFinding | null;
  /** 0–1: how clearly the best matter's lead department beats every other department. */
  confidence: number;
  /** Whether the confidence reaches the catalogue's threshold: if not, the case goes to triage. */
  confident: boolean;
  matchedTerms: string[];
  /** The top three candidates, best first, each with the terms that support it. */
  suggestions: Suggestion[];
  catalogueVersion: string;
}

export interface Classifier {
  catalogue: Catalogue;
  index: MatterIndex;
  similarity: MatterSimilarity;
  industries: IndustryIndex;
}

const SUGGESTIONS = 3;

/**
 * Classifies a complaint's text against a catalogue. Confidence compares the best matter with the
 * best matter of a *different* lead department, since two matters of one department do not put the
 * routing in doubt; a weak best score (below the catalogue's confidentScore) lowers it further. A
 * symptom matter (black water, a hazy sky) is no rival to a best matter that names the cause: a pig
 * farm whose manure blackens a stream is the pig farm's case, however black the stream.
 */
export function classify(classifier: Classifier, text: string): Classification {
  const { catalogue, index } = classifier;
  const normalised = normalise(text);
  const scored = scoreMatters(index, normalised);
  const matterAt = (i: number): Matter => catalogue.matters[i]!;

  if (scored.length === 0) {
    const suggestions = classifier.similarity.rank(normalised, SUGGESTIONS).map(({ matter, similarity }): Suggestion => ({
      matter: { code: matterAt(matter).code, title: matterAt(matter).title },
      lead: matterAt(matter).lead,
      score: round(similarity),
      basis: 'similarity',
      matchedTerms: [],
    }));
    return {
      matter: null, pollutionTypes: [], subTypes: [], industry: detectIndustry(classifier.industries, normalised, null), confidence: 0, confident: false, matchedTerms: [], suggestions,
      catalogueVersion: catalogue.version,
    };
  }

  const best = scored[0]!;
  const bestMatter = matterAt(best.matter);
  const rival = scored.find((s) => matterAt(s.matter).lead !== bestMatter.lead && (bestMatter.symptom || !matterAt(s.matter).symptom));
  const margin = rival ? (best.score - rival.score) / best.score : 1;
  const strength = Math.min(1, best.score / catalogue.confidentScore);
  const confidence = round(margin * strength);
  return {
    matter: { code: bestMatter.code, title: bestMatter.title },
    pollutionTypes: [...bestMatter.pollutionTypes],
    subTypes: [...bestMatter.subTypes],
    industry: detectIndustry(classifier.industries, normalised, bestMatter),
    confidence,
    confident: confidence >= catalogue.triageThreshold,
    matchedTerms: best.terms,
    suggestions: scored.slice(0, SUGGESTIONS).map((s): Suggestion => ({
      matter: { code: matterAt(s.matter).code, title: matterAt(s.matter).title },
      lead: matterAt(s.matter).lead,
      score: round(s.score),
      basis: 'keywords',
      matchedTerms: s.terms,
    })),
    catalogueVersion: catalogue.version,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
