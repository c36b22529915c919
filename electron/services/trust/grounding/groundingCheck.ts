// The grounding check: each sentence of a finished answer against the passages it cites (an uncited sentence
// against all of them), a verdict and a reason per sentence, and the answer's grounded share. Runs in main after
// the answer completes (plain Node, a few ms for a typical answer); an optional model gives a second opinion.
import type { GroundingReport, SentenceGrounding } from '../../../../shared/contract/trust';
import { splitAnswer, type AnswerSentence } from './answerSentences';
import { DEFAULT_THRESHOLDS, indexPassage, mergeIndexes, support, type PassageIndex, type Support, type SupportThresholds } from './supportScore';
import type { Generate } from '../../answers/generateText';
import { features, type TextFeatures } from './textFeatures';

export interface GroundingInput {
  answer: string;
  /** The passages as numbered in the prompt: passages[0] is [1]. */
  passages: readonly { text: string }[];
  thresholds?: SupportThresholds;
  /** "Verify with model": asked about the sentences the local check rejects or nearly rejects. */
  verify?: { generate: Generate; signal: AbortSignal; maxSentences?: number };
}

/** Refusals and hedges that claim nothing about the documents. */
const NON_CLAIM = /\b(?:cannot|can't|could not|couldn't|unable to) (?:find|answer|determine|tell)|\b(?:do|does|did) not (?:contain|answer|mention|say|state|provide)|\bno (?:information|mention|passage)\b|\bnot (?:mentioned|stated|specified|provided|covered)\b/i;

const cite = (ns: readonly number[]): string => ns.map((n) => `[${n}]`).join('');

function isClaim(sentence: AnswerSentence): boolean {
  if (sentence.structural) return false;
  const text = sentence.text;
  if (!text || text.endsWith('?') || NON_CLAIM.test(text)) return false;
  const f = features(text);
  const distinct = new Set(f.words).size;
  return distinct >= 2 || (distinct >= 1 && f.numbers.size + f.names.size > 0);
}

function missingDetail(s: Support): string {
  const parts: string[] = [];
  if (s.missingNumbers.length > 0) parts.push(`${s.missingNumbers.length === 1 ? 'number' : 'numbers'} ${s.missingNumbers.slice(0, 3).join(', ')}`);
  if (s.missingNames.length > 0) parts.push(`${s.missingNames.length === 1 ? 'name' : 'names'} ${s.missingNames.slice(0, 3).join(', ')}`);
  return parts.length > 0 ? ` (${parts.join('; ')} missing)` : '';
}

interface Judged extends SentenceGrounding {
  /** For the model's second opinion: the passages that should support it. */
  against: number[];
}

/** One sentence, the local check only (what the labelled-set evaluation measures). */
export function judgeSentence(sentence: string | TextFeatures, cited: readonly number[], passages: readonly PassageIndex[], thresholds: SupportThresholds = DEFAULT_THRESHOLDS): Omit<Judged, 'start' | 'end'> {
  const f = typeof sentence === 'string' ? features(sentence) : sentence;
  const valid = cited.filter((n) => n >= 1 && n <= passages.length);
  const bestOther = (exclude: readonly number[]): { n: number; s: Support } | null => {
    let best: { n: number; s: Support } | null = null;
    passages.forEach((p, i) => {
      if (exclude.includes(i + 1)) return;
      const s = support(f, p, thresholds);
      if (s.supported && (!best || s.score > best.s.score)) best = { n: i + 1, s };
    });
    return best;
  };
  if (cited.length === 0) {
    const best = bestOther([]);
    if (best) return { cited: [], verdict: 'uncited', supportedBy: [best.n], score: best.s.score, reason: `no citation; matches ${cite([best.n])}`, against: [best.n] };
    const all = passages.length > 0 ? support(f, mergeIndexes(passages), thresholds) : null;
    return { cited: [], verdict: 'unsupported', supportedBy: [], score: all?.score ?? 0, reason: 'no citation, and not found in any passage', against: passages.map((_, i) => i + 1) };
  }
  if (valid.length === 0) return { cited: [...cited], verdict: 'unsupported', supportedBy: [], score: 0, reason: `cites ${cite(cited)}, which the answer was not given`, against: [] };
  const s = support(f, mergeIndexes(valid.map((n) => passages[n - 1]!)), thresholds);
  if (s.supported) {
    const contributing = valid.filter((n) => passages[n - 1]!.wordSet.size > 0 && f.words.some((w) => passages[n - 1]!.wordSet.has(w)));
    return { cited: [...cited], verdict: 'supported', supportedBy: contributing.length > 0 ? contributing : valid, score: s.score, reason: null, against: valid };
  }
  const elsewhere = bestOther(valid);
  const reason = `not found in ${cite(valid)}${missingDetail(s)}${elsewhere ? `; matches ${cite([elsewhere.n])}` : ''}`;
  return { cited: [...cited], verdict: 'unsupported', supportedBy: [], score: s.score, reason, against: valid };
}

const verifyPrompt = (passages: string, sentence: string): string =>
  `You check whether a sentence is supported by a passage. Reply with one word: YES if the passage states what the sentence says, NO otherwise.\n\nPassage:\n${passages}\n\nSentence:\n${sentence}\n\nSupported (YES or NO)?`;

export async function checkGrounding(input: GroundingInput): Promise<GroundingReport> {
  const startedAt = performance.now();
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const indexes = input.passages.map((p) => indexPassage(p.text));
  const sentences: Judged[] = splitAnswer(input.answer).map((s) => {
    if (!isClaim(s)) return { start: s.start, end: s.end, cited: s.cited, verdict: 'skipped', supportedBy: [], score: 0, reason: null, against: [] };
    return { start: s.start, end: s.end, ...judgeSentence(s.text, s.cited, indexes, thresholds) };
  });

  let verifiedWithModel = false;
  if (input.verify) {
    const { generate, signal, maxSentences = 8 } = input.verify;
    // the local check's doubts: what it rejects, and what it accepts by a small margin
    const doubtful = sentences.filter((s) => s.against.length > 0 && (s.verdict === 'unsupported' || ((s.verdict === 'supported' || s.verdict === 'uncited') && s.score < thresholds.minScore + 0.1))).slice(0, maxSentences);
    for (const s of doubtful) {
      if (signal.aborted) break;
      try {
        const passages = s.against.map((n) => `${cite([n])} ${input.passages[n - 1]!.text}`).join('\n\n');
        const reply = await generate(verifyPrompt(passages, input.answer.slice(s.start, s.end)), signal);
        const word = /\b(yes|no)\b/i.exec(reply)?.[1]?.toLowerCase();
        if (!word) continue;
        verifiedWithModel = true;
        if (word === 'yes' && s.verdict === 'unsupported') {
          s.verdict = s.cited.length > 0 ? 'supported' : 'uncited';
          s.supportedBy = s.against;
          s.reason = s.cited.length > 0 ? null : `no citation; the model matched ${cite(s.against)}`;
        } else if (word === 'no' && s.verdict !== 'unsupported') {
          s.verdict = 'unsupported';
          s.supportedBy = [];
          s.reason = `not found in ${cite(s.against)} (model check)`;
        }
      } catch {
        // a failed second opinion leaves the local verdict
      }
    }
  }

  const checked = sentences.filter((s) => s.verdict !== 'skipped').length;
  const grounded = sentences.filter((s) => s.verdict === 'supported' || s.verdict === 'uncited').length;
  return {
    sentences: sentences.map(({ against: _against, ...s }) => s),
    checked,
    groundedShare: checked > 0 ? grounded / checked : null,
    verifiedWithModel,
    checkMs: performance.now() - startedAt,
  };
}
