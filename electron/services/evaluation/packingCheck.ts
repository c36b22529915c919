// `loci eval --pack`: the answer side of a chunk size. Packs each query's top passages into a prompt exactly as chat
// does (buildPrompt with the configured template, per context window) and counts what reached the model: passages,
// context tokens, whether a relevant document's passage is there, and (SQuAD-style sets) whether an answer string is.
// Plain Node; runs in the CLI beside the evaluation.
import type { Passage } from '../../../shared/contract/library';
import { buildPrompt } from '../answers/buildPrompt';
import { estimateTokens } from '../answers/contextPacking';
import type { PromptTemplate } from '../answers/promptTemplates';
import type { BeirDataset } from './beirDataset';

export interface PackingRow {
  contextLength: number;
  /** Queries measured. */
  queries: number;
  /** Mean passages packed (of the top k retrieved). */
  passagesPacked: number;
  /** Mean estimated tokens of passage text in the prompt. */
  passageTokens: number;
  /** Share of queries with a relevant document's passage in the prompt. */
  relevantInPrompt: number;
  /** Share of relevant documents retrieved in the top k whose passage did not fit the prompt. */
  relevantCutOff: number;
  /** SQuAD-style sets: share of queries whose answer string is in the packed text; null without answers. */
  answerInPrompt: number | null;
}

export interface PackingCheck {
  add(queryId: string, passages: readonly Passage[]): void;
  rows(): PackingRow[];
}

const normalise = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ');

export function createPackingCheck(options: {
  dataset: BeirDataset;
  template: PromptTemplate;
  /** How many passages chat retrieves (retrievalTopK). */
  topK: number;
  contextLengths: readonly number[];
  /** Document id of a passage (the corpus id behind its file name). */
  documentIdOf(passage: Passage): string;
}): PackingCheck {
  const sums = options.contextLengths.map((contextLength) => ({ contextLength, queries: 0, passages: 0, tokens: 0, relevant: 0, retrievedRelevant: 0, cutRelevant: 0, answered: 0, withAnswers: 0 }));
  return {
    add(queryId, passages) {
      const question = options.dataset.queries.get(queryId);
      const judged = options.dataset.qrels.get(queryId);
      if (question === undefined || !judged) return;
      const top = passages.slice(0, options.topK);
      const isRelevant = (p: Passage): boolean => (judged.get(options.documentIdOf(p)) ?? 0) > 0;
      const answers = (options.dataset.answers?.get(queryId) ?? []).map(normalise).filter((a) => a.length > 0);
      for (const sum of sums) {
        const { passages: packed } = buildPrompt({ template: options.template, question, history: [], passages: top, contextLength: sum.contextLength });
        sum.queries++;
        sum.passages += packed.length;
        sum.tokens += packed.reduce((n, p) => n + estimateTokens(p.text), 0);
        if (packed.some(isRelevant)) sum.relevant++;
        const retrievedRelevant = new Set(top.filter(isRelevant).map(options.documentIdOf));
        const packedRelevant = new Set(packed.filter(isRelevant).map(options.documentIdOf));
        sum.retrievedRelevant += retrievedRelevant.size;
        sum.cutRelevant += [...retrievedRelevant].filter((d) => !packedRelevant.has(d)).length;
        if (answers.length > 0) {
          sum.withAnswers++;
          const text = normalise(packed.map((p) => p.text).join('\n'));
          if (answers.some((a) => text.includes(a))) sum.answered++;
        }
      }
    },
    rows: () =>
      sums.map((s) => ({
        contextLength: s.contextLength,
        queries: s.queries,
        passagesPacked: s.queries ? s.passages / s.queries : 0,
        passageTokens: s.queries ? s.tokens / s.queries : 0,
        relevantInPrompt: s.queries ? s.relevant / s.queries : 0,
        relevantCutOff: s.retrievedRelevant ? s.cutRelevant / s.retrievedRelevant : 0,
        answerInPrompt: s.withAnswers ? s.answered / s.withAnswers : null,
      })),
  };
}
