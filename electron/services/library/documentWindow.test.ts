// library.documents with a window, through the contract against a real core: each column's order in both directions
// matches the table's own sort, the filter and the slice apply after it, `total` counts the filtered rows, and a
// window that is too large or a missing collection is refused with a typed error.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, DocumentSortKey } from '../../../shared/contract/library';
import { sortDocuments } from '../../../shared/library/documentOrder';
import { connectTestClient, createTestCore, grantedSources, makeTempDir, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let folder: string;
let all: DocumentInfo[];
const client = () => connectTestClient(test.core);

beforeAll(async () => {
  test = createTestCore();
  folder = makeTempDir('loci-window-');
  const texts = ['Short note on owls.', 'A longer note about river otters and their dens along the bank.', 'Ferns.', 'Notes on the migration of cranes over the marsh in autumn and spring.'];
  texts.forEach((t, i) => fs.writeFileSync(path.join(folder, `note-${i + 1}.txt`), `${t}\n`.repeat(i + 1)));
  fs.writeFileSync(path.join(folder, 'guide.md'), '# Guide\n\nHow to read the notes: one animal a file.\n');
  await client().stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [folder]) }, () => undefined).result;
  ({ documents: all } = await client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID }));
  expect(all.length).toBe(5);
}, 120_000);

afterAll(async () => {
  await test.cleanup();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('library.documents with a window', () => {
  const keys: DocumentSortKey[] = ['name', 'type', 'pages', 'chunks', 'size', 'status', 'added'];
  it.each(keys)('sorts by %s in both directions as the table does', async (key) => {
    for (const direction of ['asc', 'desc'] as const) {
      const sort = { key, direction };
      const { documents, total } = await client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID, window: { offset: 0, limit: 100, sort, filter: '' } });
      expect(total).toBe(5);
      expect(documents.map((d) => d.id)).toEqual(sortDocuments(all, sort).map((d) => d.id));
    }
  });

  it('slices after sorting, filters by name or path, and counts the filtered rows', async () => {
    const sort = { key: 'size' as const, direction: 'desc' as const };
    const page = await client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID, window: { offset: 2, limit: 3, sort, filter: '' } });
    expect(page.documents.map((d) => d.id)).toEqual(sortDocuments(all, sort).slice(2, 5).map((d) => d.id));
    expect(page.total).toBe(5);
    const filtered = await client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID, window: { offset: 0, limit: 2, sort: { key: 'name', direction: 'asc' }, filter: ' NOTE-' } });
    expect(filtered.total).toBe(4);
    expect(filtered.documents.map((d) => d.name)).toEqual(['note-1.txt', 'note-2.txt']);
    const beyond = await client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID, window: { offset: 50, limit: 10, sort, filter: '' } });
    expect(beyond).toEqual({ documents: [], total: 5 });
  });

  it('lists the ids matching a filter, and answers a removal at once though the order was kept', async () => {
    const sort = { key: 'name' as const, direction: 'asc' as const };
    const { ids } = await client().call('library.documentIds', { collectionId: DEFAULT_COLLECTION_ID, filter: 'note-', sort });
    expect(ids).toEqual(sortDocuments(all.filter((d) => d.name.startsWith('note-')), sort).map((d) => d.id));
    const before = await client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID, window: { offset: 0, limit: 10, sort, filter: '' } });
    expect(before.total).toBe(5);
    const gone = before.documents[0]!;
    await client().call('library.removeDocuments', { ids: [gone.id] });
    const after = await client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID, window: { offset: 0, limit: 10, sort, filter: '' } });
    expect(after.total).toBe(4);
    expect(after.documents.map((d) => d.id)).toEqual(before.documents.slice(1).map((d) => d.id));
    all = all.filter((d) => d.id !== gone.id);
  });

  it('refuses a window over 1,000 rows and an unknown collection', async () => {
    const sort = { key: 'name' as const, direction: 'asc' as const };
    await expect(client().call('library.documents', { collectionId: DEFAULT_COLLECTION_ID, window: { offset: 0, limit: 1001, sort, filter: '' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client().call('library.documents', { collectionId: 'no-such', window: { offset: 0, limit: 10, sort, filter: '' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
