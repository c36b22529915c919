// Does a passage support a sentence? Local and fast: the share of the sentence's content words the passage holds,
// the share of its word pairs, and every number and name it states must appear. Plain Node, pure.
import { features, type TextFeatures } from './textFeatures';

export interface SupportThresholds {
  /** Weight of word coverage against word-pair coverage in the score. */
  wordWeight: number;
  /** A sentence is supported when its score reaches this (and no number or name is missing). */
  minScore: number;
  /** How many of the sentence's names may be absent from the passage (0: every name must appear). */
  maxMissingNames: number;
}

/**
 * Tuned on the even half of the XQuAD-derived labelled set (labelledSet.ts) by groundingEval.test.ts's grid;
 * the odd half is the held-out measure. See the README's Trust section.
 */
export const DEFAULT_THRESHOLDS: SupportThresholds = { wordWeight: 1, minScore: 0.5, maxMissingNames: 0 };

export interface PassageIndex {
  features: TextFeatures;
  wordSet: Set<string>;
}

export function indexPassage(text: string): PassageIndex {
  const f = features(text);
  return { features: f, wordSet: new Set(f.words) };
}

export function mergeIndexes(list: readonly PassageIndex[]): PassageIndex {
  const wordSet = new Set<string>();
  const bigrams = new Set<string>();
  const numbers = new Set<string>();
  const names = new Set<string>();
  for (const p of list) {
    for (const w of p.wordSet) wordSet.add(w);
    for (const b of p.features.bigrams) bigrams.add(b);
    for (const n of p.features.numbers) numbers.add(n);
    for (const n of p.features.names) names.add(n);
  }
  return { features: { words: [...wordSet], bigrams, numbers, names }, wordSet };
}

export interface Support {
  score: number;
  supported: boolean;
  missingNumbers: string[];
  missingNames: string[];
  /** Distinct content words of the sentence: 0 means nothing to check. */
  contentWords: number;
}

export function support(sentence: TextFeatures, passage: PassageIndex, thresholds: SupportThresholds = DEFAULT_THRESHOLDS): Support {
  const distinct = [...new Set(sentence.words)];
  const found = distinct.filter((w) => passage.wordSet.has(w)).length;
  const wordCoverage = distinct.length > 0 ? found / distinct.length : 0;
  const pairs = [...sentence.bigrams];
  const pairCoverage = pairs.length > 0 ? pairs.filter((b) => passage.features.bigrams.has(b)).length / pairs.length : wordCoverage;
  const score = thresholds.wordWeight * wordCoverage + (1 - thresholds.wordWeight) * pairCoverage;
  const missingNumbers = [...sentence.numbers].filter((n) => !passage.features.numbers.has(n));
  // a name counts when the passage has the word at all (it may open a sentence there)
  const missingNames = [...sentence.names].filter((n) => !passage.wordSet.has(n) && !passage.features.names.has(n));
  const supported = distinct.length > 0 && score >= thresholds.minScore && missingNumbers.length === 0 && missingNames.length <= thresholds.maxMissingNames;
  return { score: Math.min(1, Math.max(0, score)), supported, missingNumbers, missingNames, contentWords: distinct.length };
}
