// Tests only: the fake LociApi with a small library behind it (two collections, one document in each, a ready
// embedder), where the library and import-jobs stores' Node tests start.
import type { DocumentInfo } from '../../../../shared/contract/library';
import { createFakeLociApi, type FakeHandlers, type FakeLociApi, type FakeLociApiOptions } from './fakeLociApi';
import { filterDocuments } from '../../../../shared/library/documentOrder';
import { documentWindowOf, sampleCollection, sampleDocument, sampleEmbedderStatus } from './fixtures';

export const sampleCollections = [sampleCollection(), sampleCollection({ id: 'work', name: 'Work', createdAt: 2_000 })];

export interface FakeLibraryApi {
  api: FakeLociApi;
  /** The documents `library.documents` answers with, by collection id; a test may change them. */
  docsByCollection: Record<string, DocumentInfo[]>;
  /** The calls made so far to one method. */
  callsOf(name: string): FakeLociApi['calls'];
}

/** `handlers` add to the library's or replace them. */
export function createFakeLibraryApi(handlers: FakeHandlers = {}, options?: FakeLociApiOptions): FakeLibraryApi {
  const docsByCollection: Record<string, DocumentInfo[]> = {
    default: [sampleDocument()],
    work: [sampleDocument({ id: 'doc-w', collectionId: 'work', name: 'plan.pdf', format: 'pdf' })],
  };
  const api = createFakeLociApi(
    {
      'library.collections': () => ({ collections: sampleCollections }),
      'library.documents': ({ collectionId, window }) => documentWindowOf(docsByCollection[collectionId] ?? [], window),
      'library.documentIds': ({ collectionId, filter }) => ({ ids: filterDocuments(docsByCollection[collectionId] ?? [], filter ?? '').map((d) => d.id) }),
      'library.embedderStatus': () => sampleEmbedderStatus(),
      ...handlers,
    },
    options,
  );
  return { api, docsByCollection, callsOf: (name) => api.calls.filter((c) => c.name === name) };
}
