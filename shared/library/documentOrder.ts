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

const compareBy: Record<DocumentSortKey, (a: DocumentInfo, b: DocumentInfo) => number> = {
  name: (a, b) => collator.compare(a.name, b.name),
  type: (a, b) => collator.compare(FORMAT_LABELS[a.format], FORMAT_LABELS[b.format]),
  // documents without pages (text, code) sort as 0 pages
  pages: (a, b) => (a.pageCount ?? 0) - (b.pageCount ?? 0),
  chunks: (a, b) => a.chunkCount - b.chunkCount,
  size: (a, b) => a.sizeBytes - b.sizeBytes,
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
  added: (a, b) => a.addedAt - b.addedAt,
};

/** A sorted copy; ties fall back to the name, then the id, so the order is total and stable across refreshes. */
export function sortDocuments(documents: readonly DocumentInfo[], sort: DocumentSort): DocumentInfo[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const primary = compareBy[sort.key];
  return [...documents].sort((a, b) => sign * primary(a, b) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
