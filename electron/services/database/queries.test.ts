// How the database sizes a vector search whose collection filter runs after it (pure; the search itself is tested
// against exact nearest rows in libraryDatabase.test.ts).
import { describe, expect, it } from 'vitest';
import { VECTOR_SEARCH } from './maintenance';
import { POSTFILTER_MIN_SHARE, postfilterLimit, postfilterVectorSearch } from './queries';

describe('the vector search behind a filter after it', () => {
  it('asks for enough rows that k of the collection should survive, and re-ranks as many as an unfiltered search', () => {
    for (const k of [1, 5, 10, 40, 90])
      for (const share of [POSTFILTER_MIN_SHARE, 0.6, 0.75, 0.9, 1]) {
        const { limit, refineFactor } = postfilterVectorSearch(k, share);
        expect(limit).toBeGreaterThanOrEqual(postfilterLimit(k, share));
        expect(Number.isInteger(refineFactor) && refineFactor >= 1).toBe(true);
        // never a shallower re-rank than the unfiltered search's, and no deeper one than it needs
        expect(limit * refineFactor).toBeGreaterThanOrEqual(VECTOR_SEARCH.refineFactor * k);
        expect(refineFactor === 1 || limit * (refineFactor - 1) < VECTOR_SEARCH.refineFactor * k).toBe(true);
      }
    // the retriever's depth in a collection of 90% of the library: every re-ranked row is returned
    expect(postfilterVectorSearch(40, 0.9)).toEqual({ limit: Math.max(postfilterLimit(40, 0.9), VECTOR_SEARCH.refineFactor * 40), refineFactor: 1 });
  });
});
