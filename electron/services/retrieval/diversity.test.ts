// MMR on hand-made rankings with near-duplicate passages.
import { describe, expect, it } from 'vitest';
import { cosine, mmr, termCounts } from './diversity';

const toc = 'Contents 1 Introduction 2 Essential characteristics 3 Service models 4 Deployment models';
const items = [
  { id: 'toc-1', score: 1, text: toc },
  { id: 'toc-2', score: 0.98, text: `${toc} ` },
  { id: 'toc-3', score: 0.97, text: `Table of ${toc}` },
  { id: 'body', score: 0.8, text: 'Essential characteristics: on-demand self-service, broad network access, resource pooling.' },
  { id: 'other', score: 0.5, text: 'Deployment models: private cloud, community cloud, public cloud, hybrid cloud.' },
];

describe('maximal marginal relevance', () => {
  it('lets distinct passages past near-duplicates of a kept one', () => {
    const ids = mmr(items, (i) => i.score, (i) => i.text, 3).map((i) => i.id);
    expect(ids[0]).toBe('toc-1');
    expect(ids).toContain('body');
    expect(ids).toContain('other');
  });

  it('keeps the order of a ranking without duplicates', () => {
    const distinct = [items[0]!, items[3]!, items[4]!];
    expect(mmr(distinct, (i) => i.score, (i) => i.text, 3).map((i) => i.id)).toEqual(['toc-1', 'body', 'other']);
  });

  it('measures lexical similarity', () => {
    expect(cosine(termCounts(toc), termCounts(`${toc} `))).toBeCloseTo(1, 10);
    expect(cosine(termCounts('alpha beta'), termCounts('gamma delta'))).toBe(0);
  });
});
