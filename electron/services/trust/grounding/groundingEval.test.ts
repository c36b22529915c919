// The grounding check on the labelled set built from the XQuAD dev fixture: the defaults are what the grid picks
// on the even half, and the odd (held-out) half must keep recall and false marks within the floors.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../../testing/sharedAssets';
import { scoreGrounding, tuneThresholds } from './groundingEval';
import { buildLabelledSet, loadXquadQuestions } from './labelledSet';
import { DEFAULT_THRESHOLDS } from './supportScore';

const set = buildLabelledSet(loadXquadQuestions(path.join(FIXTURES_DIR, 'qa-xquad-en-dev')));
const tuning = set.filter((e) => e.half === 'even');
const heldOut = set.filter((e) => e.half === 'odd');

describe('grounding check on the XQuAD labelled set', () => {
  it('builds a balanced set, deterministically, with both halves', () => {
    expect(set.length).toBeGreaterThan(400);
    expect(set.filter((e) => e.supported).length).toBe(set.filter((e) => !e.supported).length);
    expect(new Set(tuning.map((e) => e.questionId)).size + new Set(heldOut.map((e) => e.questionId)).size).toBe(74);
    expect(buildLabelledSet(loadXquadQuestions(path.join(FIXTURES_DIR, 'qa-xquad-en-dev')))).toEqual(set);
    // every unsupported sentence really is foreign to the passage it cites
    for (const e of set.filter((x) => x.kind === 'foreign')) expect(e.passage.includes(e.sentence)).toBe(false);
  });

  it('uses the thresholds the grid picks on the tuning half (even question ids)', () => {
    expect(tuneThresholds(tuning).thresholds).toEqual(DEFAULT_THRESHOLDS);
  }, 120_000);

  it('on the held-out half (odd ids) catches at least 90% of unsupported sentences and marks at most 10% of supported ones', () => {
    const scores = scoreGrounding(heldOut);
    // the README's table comes from this line
    const kinds = Object.entries(scores.accuracyByKind).map(([k, v]) => `${k} ${v.correct}/${v.n}`).join(', ');
    process.stdout.write(`grounding, held-out (odd ids, ${scores.examples} sentences): precision ${scores.precision.toFixed(3)}, recall ${scores.recall.toFixed(3)}, wrongly marked ${(scores.falseMarkRate * 100).toFixed(1)}%; ${kinds}\n`);
    expect(scores.recall).toBeGreaterThanOrEqual(0.9);
    expect(scores.falseMarkRate).toBeLessThanOrEqual(0.1);
    expect(scores.precision).toBeGreaterThanOrEqual(0.9);
    // the verbatim cases are exact
    expect(scores.accuracyByKind['gold']).toEqual({ n: scores.accuracyByKind['gold']!.n, correct: scores.accuracyByKind['gold']!.n });
    expect(scores.accuracyByKind['foreign']!.correct).toBe(scores.accuracyByKind['foreign']!.n);
  });
});
