// Name ranks: sorting by learnt ranks gives exactly the collator's order (natural numbers, case and accents
// ignored, equal names by id), whether the names were learnt at once or a few at a time as a sync lands them.
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, DocumentSort, DocumentSortKey } from '../contract/library';
import { createNameRanks, FORMAT_LABELS, sortDocuments } from './documentOrder';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const STATUS = { failed: 0, interrupted: 1, stale: 2, indexing: 3, ready: 4 } as const;
const primary: Record<DocumentSortKey, (a: DocumentInfo, b: DocumentInfo) => number> = {
  name: (a, b) => collator.compare(a.name, b.name),
  type: (a, b) => collator.compare(FORMAT_LABELS[a.format], FORMAT_LABELS[b.format]),
  pages: (a, b) => (a.pageCount ?? 0) - (b.pageCount ?? 0),
  chunks: (a, b) => a.chunkCount - b.chunkCount,
  size: (a, b) => a.sizeBytes - b.sizeBytes,
  status: (a, b) => STATUS[a.status] - STATUS[b.status],
  added: (a, b) => a.addedAt - b.addedAt,
};
/** The order by collator compares alone (what the table sorted by before ranks). */
const reference = (docs: DocumentInfo[], sort: DocumentSort): string[] => {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...docs].sort((a, b) => sign * primary[sort.key](a, b) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((d) => d.id);
};

// a small deterministic generator: names with numbers, case and accent variants, and exact duplicates
let seed = 7;
const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const stems = ['report', 'Report', 'résumé', 'resume', 'Notes', 'notes', 'file', 'File', 'äpfel', 'apfel', 'zeta', '10 things', '9 things'];
const formats = Object.keys(FORMAT_LABELS) as DocumentInfo['format'][];
const statuses = Object.keys(STATUS) as DocumentInfo['status'][];
const doc = (i: number): DocumentInfo => ({
  id: `id-${String(next(100_000)).padStart(6, '0')}-${i}`,
  collectionId: 'c',
  name: `${stems[next(stems.length)]} ${next(30)}.${['txt', 'pdf', 'md'][next(3)]}`,
  path: `/p/${i}`,
  source: 'path',
  format: formats[next(formats.length)]!,
  title: null,
  sizeBytes: next(50),
  modifiedAt: 0,
  pageCount: next(4) === 0 ? null : next(10),
  chunkCount: next(8),
  status: statuses[next(statuses.length)]!,
  error: null,
  embedder: 'e',
  addedAt: next(20),
  updatedAt: 0,
  note: null,
});

describe('name ranks', () => {
  const docs = Array.from({ length: 600 }, (_, i) => doc(i));
  const sorts: DocumentSort[] = (Object.keys(primary) as DocumentSortKey[]).flatMap((key) => [
    { key, direction: 'asc' as const },
    { key, direction: 'desc' as const },
  ]);

  it('sorts every column both ways exactly as collator compares do', () => {
    for (const sort of sorts) expect(sortDocuments(docs, sort).map((d) => d.id)).toEqual(reference(docs, sort));
  });

  it('keeps the order when names are learnt a few at a time, and after a bulk learn on top of them', () => {
    const names = createNameRanks();
    for (let i = 0; i < 200; i += 10) names.learn(docs.slice(i, i + 10).map((d) => d.name));
    names.learn(docs.map((d) => d.name)); // 400 new names at once: the bulk path regroups the earlier ones
    for (let i = 0; i < 5; i++) names.learn([`Report ${100 + i}.txt`]);
    const more = [...docs, ...Array.from({ length: 5 }, (_, i) => ({ ...docs[i]!, id: `extra-${i}`, name: `Report ${100 + i}.txt` }))];
    for (const sort of sorts) expect(sortDocuments(more, sort, names).map((d) => d.id)).toEqual(reference(more, sort));
  });

  it('gives names the collator calls equal one rank', () => {
    const names = createNameRanks();
    names.learn(['Résumé 2.pdf', 'file']);
    names.learn(['resume 2.PDF']);
    expect(names.rank('resume 2.PDF')).toBe(names.rank('Résumé 2.pdf'));
    expect(names.rank('file')).toBeLessThan(names.rank('Résumé 2.pdf'));
  });
});
