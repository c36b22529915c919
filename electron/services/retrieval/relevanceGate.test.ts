// The relevance gate's parts on hand-made cases (the measured rates are in evaluation/gateSet.test.ts).
import { describe, expect, it } from 'vitest';
import { coverage, queryTerms, relevanceGate } from './relevanceGate';

describe('relevance gate', () => {
  it('keeps content words, stems them and drops stopwords', () => {
    expect(queryTerms('What do the ducks eat?').map((t) => t.text)).toEqual(['duck', 'eat']);
    expect(queryTerms('佐藤太郎の住所はどこですか').map((t) => t.text)).toEqual(['佐藤', '太郎', '住所']);
  });

  it('refuses a passage that shares one common word of the question', () => {
    const passages = [{ text: 'The cloud model is composed of five essential characteristics used around the world.' }];
    expect(relevanceGate('Who won the 1998 world cup?', passages).relevant).toBe(false);
    expect(relevanceGate('What are the essential characteristics of the cloud model?', passages).relevant).toBe(true);
  });

  it('matches unspaced scripts as substrings', () => {
    const terms = queryTerms('如何搜索命令行历史记录？');
    expect(coverage(terms, '使用 ctrl-r 搜索命令行历史记录')).toBeGreaterThan(0.55);
    expect(relevanceGate('佐藤太郎の住所はどこですか', [{ text: '名前,年齢,住所\n佐藤太郎,30,東京' }]).relevant).toBe(true);
  });

  it('refuses when nothing was found, and lets a question of only stopwords through when something was', () => {
    expect(relevanceGate('What do ducks eat?', []).relevant).toBe(false);
    expect(relevanceGate('what is it?', [{ text: 'anything' }]).relevant).toBe(true);
    expect(relevanceGate('what is it?', []).relevant).toBe(false);
  });
});
