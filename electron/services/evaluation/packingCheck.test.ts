// The packing check: what of the top passages reaches a chat prompt, counted per context window, with the real
// default template and chat's own packing.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../../shared/contract/library';
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import { loadPromptTemplates } from '../answers/promptTemplates';
import type { BeirDataset } from './beirDataset';
import { createPackingCheck } from './packingCheck';

const template = loadPromptTemplates(path.resolve(import.meta.dirname, '../../../resources/prompts')).get(DEFAULT_SETTINGS.promptTemplate);
const passage = (doc: string, text: string): Passage => ({ chunkId: `${doc}-c`, documentId: doc, documentName: doc, ordinal: 0, text, page: null, headingPath: [], start: 0, end: text.length, score: 1, vectorScore: null, textScore: 1 });
// about 700 estimated tokens each: two fit a 2,048 window (a quarter kept for the answer), all four fit 8,192
const long = (word: string): string => `${word} `.repeat(450).trim();

const dataset: BeirDataset = {
  corpus: [],
  queries: new Map([
    ['q1', 'Where is the answer?'],
    ['q2', 'What is the capital?'],
  ]),
  qrels: new Map([
    ['q1', new Map([['d4', 1]])],
    ['q2', new Map([['d1', 1]])],
  ]),
  answers: new Map([
    ['q1', ['needle']],
    ['q2', ['Paris']],
  ]),
};

describe('packing check', () => {
  it('counts relevant passages and answers that reach the prompt, per window', () => {
    const check = createPackingCheck({ dataset, template, topK: 6, contextLengths: [2048, 8192], documentIdOf: (p) => p.documentId });
    // q1: the relevant passage (with the answer) is ranked fourth: cut off in the small window only
    check.add('q1', [passage('d1', long('alpha')), passage('d2', long('beta')), passage('d3', long('gamma')), passage('d4', `${long('delta')} needle`)]);
    // q2: the relevant passage is first and holds the answer, in any case of letters
    check.add('q2', [passage('d1', 'The capital of France is PARIS.'), passage('d2', long('beta'))]);
    check.add('unknown query', [passage('d1', 'ignored')]);
    const [small, large] = check.rows();
    expect(small).toMatchObject({ contextLength: 2048, queries: 2, relevantInPrompt: 0.5, relevantCutOff: 0.5, answerInPrompt: 0.5 });
    expect(large).toMatchObject({ contextLength: 8192, queries: 2, relevantInPrompt: 1, relevantCutOff: 0, answerInPrompt: 1 });
    expect(small!.passagesPacked).toBeLessThan(large!.passagesPacked);
    expect(large!.passagesPacked).toBe(3);
  });

  it('says nothing about answers for a set without them', () => {
    const check = createPackingCheck({ dataset: { ...dataset, answers: undefined }, template, topK: 6, contextLengths: [4096], documentIdOf: (p) => p.documentId });
    check.add('q2', [passage('d1', 'Paris')]);
    expect(check.rows()[0]).toMatchObject({ relevantInPrompt: 1, answerInPrompt: null });
  });
});
