// The library database's in-memory copy of the documents table (main process), with lookups by path and by content hash kept
// alongside, so that planning an import of n files costs n lookups whatever the size of the library.
import type { DocumentRow } from './tableSchemas';

export interface DocumentMap {
  get(id: string): DocumentRow | undefined;
  has(id: string): boolean;
  set(id: string, row: DocumentRow): void;
  delete(id: string): boolean;
  values(): IterableIterator<DocumentRow>;
  readonly size: number;
  /** Bumped by every set and delete: a copy made at one revision is current while the revision is the same. */
  readonly revision: number;
  /** The document at this path in this collection (paths are unique per collection). */
  byPath(collectionId: string, docPath: string): DocumentRow | undefined;
  /** Ids of the documents with this content hash, in any collection. */
  idsWithHash(hash: string): ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();

export function createDocumentMap(): DocumentMap {
  const rows = new Map<string, DocumentRow>();
  let revision = 0;
  // a collection id is a UUID or 'default', so the NUL separator cannot occur in it
  const pathKey = (collectionId: string, docPath: string): string => `${collectionId}\u0000${docPath}`;
  // sets, not single ids: nothing on disk forbids two rows with one path, and deleting one must not hide the other
  const byPath = new Map<string, Set<string>>();
  const byHash = new Map<string, Set<string>>();
  const link = (index: Map<string, Set<string>>, key: string, id: string): void => {
    let ids = index.get(key);
    if (!ids) index.set(key, (ids = new Set()));
    ids.add(id);
  };
  const unlinkKey = (index: Map<string, Set<string>>, key: string, id: string): void => {
    const ids = index.get(key);
    ids?.delete(id);
    if (ids?.size === 0) index.delete(key);
  };
  const unlink = (row: DocumentRow): void => {
    unlinkKey(byPath, pathKey(row.collection_id, row.path), row.id);
    unlinkKey(byHash, row.content_hash, row.id);
  };

  return {
    get: (id) => rows.get(id),
    has: (id) => rows.has(id),
    set: (id, row) => {
      const previous = rows.get(id);
      if (previous) unlink(previous);
      revision++;
      rows.set(id, row);
      link(byPath, pathKey(row.collection_id, row.path), id);
      link(byHash, row.content_hash, id);
    },
    delete: (id) => {
      const previous = rows.get(id);
      if (!previous) return false;
      unlink(previous);
      revision++;
      rows.delete(id);
      return true;
    },
    values: () => rows.values(),
    get size() {
      return rows.size;
    },
    get revision() {
      return revision;
    },
    byPath: (collectionId, docPath) => {
      for (const id of byPath.get(pathKey(collectionId, docPath)) ?? EMPTY) return rows.get(id);
      return undefined;
    },
    idsWithHash: (hash) => byHash.get(hash) ?? EMPTY,
  };
}
