// Scores the local grounding check on a labelled set: a sentence the check marks unsupported is a positive.
// Precision and recall of those marks, the share of supported sentences wrongly marked, per kind; and a grid search
// for thresholds (run on the tuning half only). Plain Node, pure.
import type { LabelledExample } from './labelledSet';
import { judgeSentence } from './groundingCheck';
import { indexPassage, type PassageIndex, type SupportThresholds } from './supportScore';
import { features, type TextFeatures } from './textFeatures';

export interface GroundingScores {
  examples: number;
  unsupported: number;
  supported: number;
  /** Of the sentences marked unsupported, the share that are. */
  precision: number;
  /** Of the unsupported sentences, the share marked. */
  recall: number;
  /** Of the supported sentences, the share wrongly marked. */
  falseMarkRate: number;
  /** Per kind: the share the check got right. */
  accuracyByKind: Record<string, { n: number; correct: number }>;
}

// the grid scores the same sentences hundreds of times: read each once
const passageCache = new Map<string, PassageIndex>();
const sentenceCache = new Map<string, TextFeatures>();

export function scoreGrounding(examples: readonly LabelledExample[], thresholds?: SupportThresholds): GroundingScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byKind: Record<string, { n: number; correct: number }> = {};
  for (const e of examples) {
    let index = passageCache.get(e.passage);
    if (!index) passageCache.set(e.passage, (index = indexPassage(e.passage)));
    let sentence = sentenceCache.get(e.sentence);
    if (!sentence) sentenceCache.set(e.sentence, (sentence = features(e.sentence)));
    const marked = judgeSentence(sentence, [1], [index], thresholds).verdict === 'unsupported';
    if (marked && !e.supported) tp++;
    else if (marked && e.supported) fp++;
    else if (!marked && !e.supported) fn++;
    const k = (byKind[e.kind] ??= { n: 0, correct: 0 });
    k.n++;
    if (marked !== e.supported) k.correct++;
  }
  const unsupported = examples.filter((e) => !e.supported).length;
  const supported = examples.length - unsupported;
  return {
    examples: examples.length,
    unsupported,
    supported,
    precision: tp + fp > 0 ? tp / (tp + fp) : 1,
    recall: tp + fn > 0 ? tp / (tp + fn) : 1,
    falseMarkRate: supported > 0 ? fp / supported : 0,
    accuracyByKind: byKind,
  };
}

/**
 * The grid the defaults came from: among settings that keep the false-mark rate at or below 10%, the one with the
 * best recall (ties: fewer false marks, then the stricter score, then the higher word weight).
 */
export function tuneThresholds(examples: readonly LabelledExample[]): { thresholds: SupportThresholds; scores: GroundingScores } {
  let best: { thresholds: SupportThresholds; scores: GroundingScores } | null = null;
  for (let wordWeight = 0.3; wordWeight <= 1.0001; wordWeight += 0.1) {
    for (let minScore = 0.1; minScore <= 0.9001; minScore += 0.05) {
      for (const maxMissingNames of [0, 1]) {
        const thresholds = { wordWeight: Math.round(wordWeight * 100) / 100, minScore: Math.round(minScore * 100) / 100, maxMissingNames };
        const scores = scoreGrounding(examples, thresholds);
        if (scores.falseMarkRate > 0.1) continue;
        const better =
          !best ||
          scores.recall > best.scores.recall ||
          (scores.recall === best.scores.recall &&
            (scores.falseMarkRate < best.scores.falseMarkRate ||
              (scores.falseMarkRate === best.scores.falseMarkRate &&
                (thresholds.minScore > best.thresholds.minScore || (thresholds.minScore === best.thresholds.minScore && thresholds.wordWeight > best.thresholds.wordWeight)))));
        if (better) best = { thresholds, scores };
      }
    }
  }
  if (!best) throw new Error('No threshold keeps false marks at or below 10% on this set');
  return best;
}
