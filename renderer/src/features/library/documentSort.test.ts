// The documents table's sort: every column both ways, a total order (ties by name, then id), header clicks.
import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../stores/testing/fixtures';
import { canRetry, DEFAULT_SORT, nextSort, sortDocuments, sourceStateLabel, type DocumentSortKey } from './documents';

const docs = [
  sampleDocument({ id: 'a', name: 'file10.txt', format: 'text', pageCount: null, chunkCount: 3, sizeBytes: 300, status: 'ready', addedAt: 3 }),
  sampleDocument({ id: 'b', name: 'file2.txt', format: 'pdf', pageCount: 12, chunkCount: 40, sizeBytes: 9000, status: 'failed', addedAt: 1 }),
  sampleDocument({ id: 'c', name: 'Alpha.md', format: 'markdown', pageCount: 2, chunkCount: 3, sizeBytes: 50, status: 'interrupted', addedAt: 2 }),
];
const ids = (key: DocumentSortKey, direction: 'asc' | 'desc'): string[] => sortDocuments(docs, { key, direction }).map((d) => d.id);

describe('sortDocuments', () => {
  it('sorts by every column, both ways', () => {
    expect(ids('name', 'asc')).toEqual(['c', 'b', 'a']); // natural order: file2 before file10, case ignored
    expect(ids('name', 'desc')).toEqual(['a', 'b', 'c']);
    expect(ids('type', 'asc')).toEqual(['c', 'b', 'a']); // Markdown, PDF, Text
    expect(ids('pages', 'desc')).toEqual(['b', 'c', 'a']); // no pages counts as 0
    expect(ids('chunks', 'asc')).toEqual(['c', 'a', 'b']); // a tie (3, 3) falls back to the name
    expect(ids('chunks', 'desc')).toEqual(['b', 'c', 'a']);
    expect(ids('size', 'asc')).toEqual(['c', 'a', 'b']);
    expect(ids('status', 'asc')).toEqual(['b', 'c', 'a']); // problems first
    expect(ids('added', 'desc')).toEqual(['a', 'c', 'b']);
    expect(sortDocuments(docs, DEFAULT_SORT).map((d) => d.id)).toEqual(['a', 'c', 'b']);
  });

  it('leaves the input alone and orders equal rows by id', () => {
    const twins = [sampleDocument({ id: 'z', name: 'same' }), sampleDocument({ id: 'y', name: 'same' })];
    expect(sortDocuments(twins, { key: 'name', direction: 'asc' }).map((d) => d.id)).toEqual(['y', 'z']);
    expect(twins.map((d) => d.id)).toEqual(['z', 'y']);
  });

  it('flips the same column and starts another in its natural direction', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'size')).toEqual({ key: 'size', direction: 'desc' });
    expect(nextSort({ key: 'size', direction: 'desc' }, 'status')).toEqual({ key: 'status', direction: 'asc' });
  });

  it('offers retry for failed and interrupted files only', () => {
    expect(docs.filter(canRetry).map((d) => d.id)).toEqual(['b', 'c']);
  });

  it('names source states', () => {
    expect(sourceStateLabel({ state: 'syncing', pending: 340 })).toBe('Syncing 340 files');
    expect(sourceStateLabel({ state: 'missing', pending: 0 })).toBe('Folder missing');
  });
});
