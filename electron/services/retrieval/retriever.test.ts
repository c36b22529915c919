// The retriever's choice of passages from lean candidates (read in batches after fusion) is the same as the choice
// from rows read with the searches, which evaluation and calibration use; pure, no database.
import { describe, expect, it } from 'vitest';
import type { ChunkCandidate, ChunkHit, ChunkPassageRow } from '../database/libraryDatabase';
import type { Fusion } from './fuseRankings';
import { selectCandidates, selectHits } from './retriever';

/** A seeded generator, so a failing case can be run again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const row = (id: string, documentId: string, start: number, text: string): ChunkPassageRow => ({
  id,
  document_id: documentId,
  collection_id: 'c',
  ordinal: start,
  text,
  page: null,
  heading_path: '[]',
  start,
  end: start + 100,
  token_count: 20,
});

describe('choosing passages from lean candidates', () => {
  it('keeps the passages selectHits keeps, reading only as many rows as it needs', async () => {
    const fusions: Fusion[] = [
      { method: 'convex', weight: 0 },
      { method: 'convex', weight: 0.4 },
      { method: 'rrf', weight: 0.5 },
    ];
    for (let trial = 0; trial < 60; trial++) {
      const random = seeded(trial + 1);
      // few documents and starts 40 apart: many candidates overlap a better one and are dropped
      const rows = Array.from({ length: 60 }, (_, i) => row(`r${i}`, `d${Math.floor(random() * 4)}`, Math.floor(random() * 12) * 40, `text ${i % 7} words ${Math.floor(random() * 5)}`));
      const pick = (n: number, score: () => number): ChunkCandidate[] =>
        [...rows]
          .sort(() => random() - 0.5)
          .slice(0, n)
          .map((r, i) => ({ id: r.id, rowId: BigInt(i), score: score() }))
          .sort((a, b) => b.score - a.score);
      const vector = pick(40, () => random());
      const text = pick(40, () => random() * 12);
      const stored = new Map(rows.map((r) => [r.id, r]));
      const asHits = (cs: ChunkCandidate[]): ChunkHit[] => cs.flatMap((c) => (stored.has(c.id) ? [{ row: stored.get(c.id)!, score: c.score }] : []));
      for (const fusion of fusions)
        for (const diversity of [false, true])
          for (const k of [1, 5, 10]) {
            let read = 0;
            const readRows = (cs: readonly ChunkCandidate[]): Promise<ReadonlyMap<string, ChunkPassageRow>> => {
              read += cs.length;
              return Promise.resolve(new Map(cs.flatMap((c) => (stored.has(c.id) ? [[c.id, stored.get(c.id)!] as const] : []))));
            };
            const floor = trial % 3 === 0 ? 0.3 : null;
            const expected = selectHits(asHits(vector), asHits(text), fusion, k, floor, diversity).map((f) => [f.item.row.id, f.score]);
            const chosen = await selectCandidates(vector, text, fusion, k, floor, diversity, readRows);
            expect(chosen.map((c) => [c.row.id, c.hit.score])).toEqual(expected);
            if (!diversity) expect(read).toBeLessThan(80);
          }
    }
  });

  it('skips a candidate whose row was removed between the search and the read, and still keeps k', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(`r${i}`, `d${i}`, 0, `text ${i}`));
    const candidates = rows.map((r, i) => ({ id: r.id, rowId: BigInt(i), score: 1 - i / 100 }));
    const stored = new Map(rows.filter((r) => r.id !== 'r3').map((r) => [r.id, r]));
    const chosen = await selectCandidates(candidates, [], { method: 'convex', weight: 1 }, 10, null, false, (cs) =>
      Promise.resolve(new Map(cs.flatMap((c) => (stored.has(c.id) ? [[c.id, stored.get(c.id)!] as const] : [])))),
    );
    expect(chosen.map((c) => c.row.id)).toEqual(rows.filter((r) => r.id !== 'r3').slice(0, 10).map((r) => r.id));
  });

  it('reads k and a few more rows when nothing overlaps', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(`r${i}`, `d${i}`, 0, `text ${i}`));
    const candidates = rows.map((r, i) => ({ id: r.id, rowId: BigInt(i), score: 1 - i / 100 }));
    const reads: number[] = [];
    const chosen = await selectCandidates(candidates, [], { method: 'convex', weight: 1 }, 10, null, false, (cs) => {
      reads.push(cs.length);
      return Promise.resolve(new Map(cs.map((c) => [c.id, rows.find((r) => r.id === c.id)!])));
    });
    expect(chosen.map((c) => c.row.id)).toEqual(rows.slice(0, 10).map((r) => r.id));
    expect(reads).toEqual([14]);
  });
});
