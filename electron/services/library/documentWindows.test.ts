// The documents window cache: a repeated window is a slice of the kept order (no new list or sort), a write to the
// store (its revision) or a change event drops the order.
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, DocumentSort } from '../../../shared/contract/library';
import { sortDocuments } from '../../../shared/library/documentOrder';
import { createDocumentWindows } from './documentWindows';

const doc = (i: number, patch: Partial<DocumentInfo> = {}): DocumentInfo => ({
  id: `doc-${i}`,
  collectionId: 'default',
  name: `file-${i}.txt`,
  path: `/data/file-${i}.txt`,
  source: 'path',
  format: 'text',
  title: null,
  sizeBytes: (i * 7919) % 1000,
  modifiedAt: i,
  pageCount: null,
  chunkCount: i % 5,
  status: 'ready',
  error: null,
  embedder: 'e',
  addedAt: i,
  updatedAt: i,
  note: null,
  ...patch,
});

function fakeSource(rows: DocumentInfo[]) {
  const source = {
    rows,
    rev: 0,
    lists: 0,
    revision: () => source.rev,
    list: (collectionId: string) => {
      source.lists++;
      return source.rows.filter((d) => d.collectionId === collectionId);
    },
  };
  return source;
}

const bySize: DocumentSort = { key: 'size', direction: 'desc' };
const window = (offset: number, limit: number, sort = bySize, filter = '') => ({ offset, limit, sort, filter });

describe('document windows', () => {
  it('answers further windows of one order from the kept order, sorted and counted as the table sorts', () => {
    const source = fakeSource(Array.from({ length: 50 }, (_, i) => doc(i)));
    const windows = createDocumentWindows(source);
    const sorted = sortDocuments(source.rows, bySize).map((d) => d.id);
    expect(windows.window('default', window(0, 20)).documents.map((d) => d.id)).toEqual(sorted.slice(0, 20));
    const second = windows.window('default', window(20, 20));
    expect(second.documents.map((d) => d.id)).toEqual(sorted.slice(20, 40));
    expect(second.total).toBe(50);
    expect(source.lists).toBe(1);
    // another filter of the same rows sorts them again but lists them once
    expect(windows.window('default', window(0, 100, bySize, 'FILE-1')).total).toBe(11);
    expect(source.lists).toBe(1);
    expect(windows.ids('default', 'file-1', bySize)).toEqual(sortDocuments(source.rows.filter((d) => d.name.startsWith('file-1')), bySize).map((d) => d.id));
  });

  it('sorts again after a write to the store, even without a change event', () => {
    const source = fakeSource(Array.from({ length: 10 }, (_, i) => doc(i)));
    const windows = createDocumentWindows(source);
    expect(windows.window('default', window(0, 100)).total).toBe(10);
    source.rows = [...source.rows, doc(10, { sizeBytes: 5_000 })];
    expect(windows.window('default', window(0, 100)).total).toBe(10); // same revision: the kept order
    source.rev++;
    const after = windows.window('default', window(0, 1));
    expect(after).toMatchObject({ total: 11, documents: [{ id: 'doc-10' }] });
    expect(source.lists).toBe(2);
  });

  it('drops a collection’s orders on its change event, and every order on a change of all', () => {
    const source = fakeSource([...Array.from({ length: 5 }, (_, i) => doc(i)), ...Array.from({ length: 3 }, (_, i) => doc(100 + i, { collectionId: 'work' }))]);
    const windows = createDocumentWindows(source);
    windows.window('default', window(0, 10));
    windows.window('work', window(0, 10));
    expect(source.lists).toBe(2);
    windows.invalidate('work');
    windows.window('default', window(0, 10));
    expect(source.lists).toBe(2);
    windows.window('work', window(0, 10));
    expect(source.lists).toBe(3);
    windows.invalidate(null);
    windows.window('work', window(0, 10));
    windows.window('default', window(0, 10));
    expect(source.lists).toBe(5);
  });
});
