// The windowed documents list's cache (main process, plain Node): each (collection, sort, filter)'s sorted rows are
// kept until the documents change, so scrolling or refreshing a 10,000-row table costs a slice, not a sort.
import type { DocumentInfo, DocumentSort, DocumentWindow } from '../../../shared/contract/library';
import { createNameRanks, filterDocuments, sortDocuments } from '../../../shared/library/documentOrder';

/** Where the rows come from: the store's list and its revision (which changes with every write). */
export interface DocumentWindowSource {
  revision(): number;
  list(collectionId: string): DocumentInfo[];
}

export interface DocumentWindows {
  /** A window of the sorted, filtered rows, and how many rows match the filter. */
  window(collectionId: string, window: DocumentWindow): { documents: DocumentInfo[]; total: number };
  /** The ids of every row matching the filter, in this order (what "select all shown" selects). */
  ids(collectionId: string, filter: string, sort: DocumentSort): string[];
  /** Drops the orders of a collection (null: every collection); the next window sorts again. */
  invalidate(collectionId: string | null): void;
}

interface Order {
  collectionId: string;
  revision: number;
  rows: readonly DocumentInfo[];
}

/** Orders kept at once: a few sorts and filters of the collection in view are what a table flips between. */
const DEFAULT_CAPACITY = 8;

export function createDocumentWindows(source: DocumentWindowSource, capacity = DEFAULT_CAPACITY): DocumentWindows {
  // insertion order is recency: a hit moves to the end, the first entry is the least recently used
  const orders = new Map<string, Order>();
  // the unsorted list at one revision, shared by every sort and filter of its collection
  let base: Order | null = null;
  // every name seen, ranked: a sort after a sync's commit compares numbers, and only new names cost collator compares
  const names = createNameRanks();

  const listOf = (collectionId: string, revision: number): readonly DocumentInfo[] => {
    if (base?.collectionId !== collectionId || base.revision !== revision) {
      const rows = source.list(collectionId);
      names.learn(rows.map((d) => d.name));
      base = { collectionId, revision, rows };
    }
    return base.rows;
  };

  const order = (collectionId: string, sort: DocumentSort, filter: string): readonly DocumentInfo[] => {
    const key = JSON.stringify([collectionId, sort.key, sort.direction, filter.trim().toLocaleLowerCase()]);
    const revision = source.revision();
    const hit = orders.get(key);
    orders.delete(key);
    if (hit && hit.revision === revision) {
      orders.set(key, hit);
      return hit.rows;
    }
    const rows = sortDocuments(filterDocuments(listOf(collectionId, revision), filter), sort, names);
    orders.set(key, { collectionId, revision, rows });
    for (const oldest of orders.keys()) {
      if (orders.size <= capacity) break;
      orders.delete(oldest);
    }
    return rows;
  };

  return {
    window: (collectionId, window) => {
      const rows = order(collectionId, window.sort, window.filter);
      return { documents: rows.slice(window.offset, window.offset + window.limit), total: rows.length };
    },
    ids: (collectionId, filter, sort) => order(collectionId, sort, filter).map((d) => d.id),
    invalidate: (collectionId) => {
      for (const [key, entry] of orders) if (collectionId === null || entry.collectionId === collectionId) orders.delete(key);
      if (collectionId === null || base?.collectionId === collectionId) base = null;
    },
  };
}
