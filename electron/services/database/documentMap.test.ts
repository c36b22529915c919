// The documents map's path and hash lookups stay in step with inserts, replacements (a moved or edited document) and deletes.
import { describe, expect, it } from 'vitest';
import { createDocumentMap } from './documentMap';
import type { DocumentRow } from './tableSchemas';

const row = (id: string, collection: string, docPath: string, hash: string): DocumentRow => ({
  id, collection_id: collection, name: 'n', path: docPath, source: 'path', format: 'text', title: null, content_hash: hash, size_bytes: 1, modified_at: 1,
  page_count: null, ocr_pages: null, chunk_count: 1, status: 'ready', error: null, embedder: 'e', added_at: 1, updated_at: 1, note: null,
});

describe('document map', () => {
  it('finds documents by path per collection and by hash', () => {
    const map = createDocumentMap();
    map.set('a', row('a', 'c1', '/x.txt', 'h1'));
    map.set('b', row('b', 'c2', '/x.txt', 'h1'));
    expect(map.byPath('c1', '/x.txt')?.id).toBe('a');
    expect(map.byPath('c2', '/x.txt')?.id).toBe('b');
    expect(map.byPath('c1', '/y.txt')).toBeUndefined();
    expect([...map.idsWithHash('h1')].sort()).toEqual(['a', 'b']);
  });

  it('follows a row that changes path and hash, and forgets deleted rows', () => {
    const map = createDocumentMap();
    map.set('a', row('a', 'c1', '/x.txt', 'h1'));
    map.set('a', row('a', 'c1', '/moved.txt', 'h2'));
    expect(map.byPath('c1', '/x.txt')).toBeUndefined();
    expect(map.byPath('c1', '/moved.txt')?.id).toBe('a');
    expect(map.idsWithHash('h1').size).toBe(0);
    expect([...map.idsWithHash('h2')]).toEqual(['a']);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    expect(map.byPath('c1', '/moved.txt')).toBeUndefined();
    expect(map.idsWithHash('h2').size).toBe(0);
    expect(map.size).toBe(0);
  });

  it('keeps a second row of the same path findable when the first goes', () => {
    const map = createDocumentMap();
    map.set('a', row('a', 'c1', '/x.txt', 'h1'));
    map.set('b', row('b', 'c1', '/x.txt', 'h2'));
    expect(map.byPath('c1', '/x.txt')?.id).toBe('a');
    map.delete('a');
    expect(map.byPath('c1', '/x.txt')?.id).toBe('b');
  });
});
