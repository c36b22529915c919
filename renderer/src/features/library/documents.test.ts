import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../stores/testing/fixtures';
import { filterDocuments } from './documents';

const docs = [
  sampleDocument({ id: 'a', name: 'Cloud.pdf', path: '/papers/nist/Cloud.pdf', chunkCount: 10 }),
  sampleDocument({ id: 'b', name: 'duck.html', path: '/web/duck.html', chunkCount: 5 }),
];

describe('documents', () => {
  it('filters by name or path, ignoring case', () => {
    expect(filterDocuments(docs, 'cloud').map((d) => d.id)).toEqual(['a']);
    expect(filterDocuments(docs, 'NIST').map((d) => d.id)).toEqual(['a']);
    expect(filterDocuments(docs, '/web').map((d) => d.id)).toEqual(['b']);
    expect(filterDocuments(docs, '  ')).toBe(docs);
  });
});
