// The relevance gate (services process): whether the passages a search returned can answer a question, or chat
// says "nothing relevant". Decided by how much of the question's content the best passage covers; the threshold
// was chosen by measurement (README, Quality: tuned on one half of the gate set, reported on the other).
import type { Passage } from '../../../shared/contract/library';

const words = new Intl.Segmenter('und', { granularity: 'word' });

/** Function words of questions, English and the unspaced scripts' particles: they say nothing about the topic. */
const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours ' +
    'also ever get got many much may might must one shall tell us use used using way whose yes ' +
    'の は が を に で と も か や へ から まで より です ます ですか ますか でしょうか どこ どの どれ なに 何 だれ 誰 いつ ' +
    '的 是 在 了 吗 呢 和 与 或 什么 怎么 怎样 如何 哪 哪里 哪个 谁 为什么 吗 有 个 一个 这 那'
  ).split(/\s+/),
);

/** Letters of scripts written without spaces: matched as substrings, since word segmentation differs between texts. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** A light stem so that "ducks"/"duck", "computing"/"compute" meet; applied to both sides alike. */
const stem = (w: string): string => {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
};

const tokens = (text: string): string[] =>
  [...words.segment(text.normalize('NFKC').toLowerCase())].filter((s) => s.isWordLike).map((s) => s.segment);

export interface QueryTerm {
  text: string;
  /** Matched as a substring (unspaced scripts) rather than as a word. */
  substring: boolean;
}

/** The question's content terms, de-duplicated: words that are not stopwords (a single Latin letter is not one). */
export function queryTerms(query: string): QueryTerm[] {
  const seen = new Map<string, QueryTerm>();
  for (const t of tokens(query)) {
    if (STOPWORDS.has(t)) continue;
    const substring = UNSPACED.test(t);
    if (!substring && t.length < 2) continue;
    const key = substring ? t : stem(t);
    if (!seen.has(key)) seen.set(key, { text: key, substring });
  }
  return [...seen.values()];
}

/** Share of the question's content terms found in a passage (0 when the question has none). */
export function coverage(terms: readonly QueryTerm[], passageText: string): number {
  if (terms.length === 0) return 0;
  const lower = passageText.normalize('NFKC').toLowerCase();
  const stems = new Set(tokens(lower).map(stem));
  const found = terms.filter((t) => (t.substring ? lower.includes(t.text) : stems.has(t.text))).length;
  return found / terms.length;
}

export interface GateDecision {
  relevant: boolean;
  /** The best passage's coverage of the question's content terms. */
  coverage: number;
  terms: number;
}

/**
 * The share of content terms the best passage must hold. Chosen on the tuning half of the gate set (off-topic
 * questions over the fixture documents against on-topic XQuAD and fixture questions, `gateSet.ts`).
 */
export const GATE_MIN_COVERAGE = 0.55;

/** Relevant when some passage holds at least GATE_MIN_COVERAGE of the question's content terms. */
export function relevanceGate(question: string, passages: readonly Pick<Passage, 'text'>[], minCoverage = GATE_MIN_COVERAGE): GateDecision {
  const terms = queryTerms(question);
  const best = passages.reduce((m, p) => Math.max(m, coverage(terms, p.text)), 0);
  // a question of only stopwords ("what is it?") has nothing to check: let the passages through if there are any
  if (terms.length === 0) return { relevant: passages.length > 0, coverage: best, terms: 0 };
  return { relevant: best >= minCoverage - 1e-9, coverage: best, terms: terms.length };
}
