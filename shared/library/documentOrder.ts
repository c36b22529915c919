// The documents table's orders and filter, shared so the host's windowed `library.documents` and the renderer sort
// and filter rows the same way. Environment-neutral, pure.
import type { DocumentInfo, DocumentSort, DocumentSortKey, DocumentStatus } from '../contract/library';

/** How the table names each format; the `type` column sorts by these names, as the user reads them. */
export const FORMAT_LABELS: Record<DocumentInfo['format'], string> = {
  pdf: 'PDF',
  docx: 'Word',
  markdown: 'Markdown',
  text: 'Text',
  html: 'HTML',
  csv: 'CSV',
  code: 'Code',
  epub: 'EPUB',
  pptx: 'PowerPoint',
  xlsx: 'Excel',
  image: 'Image',
};

/** The table's first order: newest first. */
export const DEFAULT_SORT: DocumentSort = { key: 'added', direction: 'desc' };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const STATUS_ORDER: Record<DocumentStatus, number> = { failed: 0, interrupted: 1, stale: 2, indexing: 3, ready: 4 };

// the type column's order is the labels' order: 11 labels, ranked once
const TYPE_RANK = Object.fromEntries(
  Object.entries(FORMAT_LABELS)
    .sort((a, b) => collator.compare(a[1], b[1]))
    .map(([format], i) => [format, i]),
) as Record<DocumentInfo['format'], number>;

type Keyed = { doc: DocumentInfo; name: number };

const compareBy: Record<DocumentSortKey, (a: Keyed, b: Keyed) => number> = {
  name: (a, b) => a.name - b.name,
  type: (a, b) => TYPE_RANK[a.doc.format] - TYPE_RANK[b.doc.format],
  // documents without pages (text, code) sort as 0 pages
  pages: (a, b) => (a.doc.pageCount ?? 0) - (b.doc.pageCount ?? 0),
  chunks: (a, b) => a.doc.chunkCount - b.doc.chunkCount,
  size: (a, b) => a.doc.sizeBytes - b.doc.sizeBytes,
  status: (a, b) => STATUS_ORDER[a.doc.status] - STATUS_ORDER[b.doc.status],
  added: (a, b) => a.doc.addedAt - b.doc.addedAt,
};

/**
 * Names ranked in the collator's order, so a sort compares numbers (a collator compare costs microseconds: sorting
 * 10,000 names with it took a few hundred ms of the host's thread). It keeps what it learnt: new names are inserted
 * by binary search, a few compares each. Names the collator calls equal share a rank.
 */
export interface NameRanks {
  /** Learns the names it does not know yet. */
  learn(names: Iterable<string>): void;
  /** The rank of a name it learnt. */
  rank(name: string): number;
}

export function createNameRanks(): NameRanks {
  // one representative per set of equal names, in the collator's order; every learnt name points at its representative
  let order: string[] = [];
  const representative = new Map<string, string>();
  let ranks = new Map<string, number>();
  const insert = (name: string): void => {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = collator.compare(name, order[mid]!);
      if (c === 0) {
        representative.set(name, order[mid]!);
        return;
      }
      if (c < 0) hi = mid;
      else lo = mid + 1;
    }
    order.splice(lo, 0, name);
    representative.set(name, name);
  };
  return {
    learn(names) {
      const fresh = [...new Set([...names].filter((n) => !representative.has(n)))];
      if (fresh.length === 0) return;
      if (fresh.length > 64 && fresh.length * 4 > order.length) {
        // many at once (the first list): one sort, then equal neighbours grouped
        const all = [...order, ...fresh].sort((a, b) => collator.compare(a, b));
        order = [];
        for (const name of all) {
          const last = order[order.length - 1];
          if (last !== undefined && collator.compare(last, name) === 0) representative.set(name, last);
          else {
            order.push(name);
            representative.set(name, name);
          }
        }
        // a representative that lost its place to an equal name earlier in the order follows it
        for (const [name, rep] of representative) if (rep !== name && representative.get(rep) !== rep) representative.set(name, representative.get(rep)!);
      } else {
        for (const name of fresh) insert(name);
      }
      ranks = new Map(order.map((name, i) => [name, i]));
    },
    rank: (name) => ranks.get(representative.get(name) ?? '') ?? -1,
  };
}

/**
 * A sorted copy; ties fall back to the name, then the id, so the order is total and stable across refreshes. With
 * `names` (every row's name learnt), names compare by rank: the same order, without a collator compare per pair.
 */
export function sortDocuments(documents: readonly DocumentInfo[], sort: DocumentSort, names?: NameRanks): DocumentInfo[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const primary = compareBy[sort.key];
  let ranks = names;
  if (!ranks) {
    ranks = createNameRanks();
    ranks.learn(documents.map((d) => d.name));
  }
  const keyed: Keyed[] = documents.map((doc) => ({ doc, name: ranks.rank(doc.name) }));
  keyed.sort((a, b) => sign * primary(a, b) || a.name - b.name || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0));
  return keyed.map((k) => k.doc);
}

/** Rows whose name or path contains the text, ignoring case; all rows for a blank filter. */
export function filterDocuments(documents: readonly DocumentInfo[], text: string): readonly DocumentInfo[] {
  const needle = text.trim().toLocaleLowerCase();
  if (!needle) return documents;
  return documents.filter((d) => d.name.toLocaleLowerCase().includes(needle) || d.path.toLocaleLowerCase().includes(needle));
}

/** Clicking a header: the same column flips its direction; another starts ascending (dates and numbers descending). */
export function nextSort(current: DocumentSort, key: DocumentSortKey): DocumentSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'name' || key === 'type' || key === 'status' ? 'asc' : 'desc' };
}
