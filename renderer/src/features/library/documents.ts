// How the documents table names formats and statuses, and filters rows. Pure. Renderer (and Node tests).
import type { DocumentInfo, DocumentStatus } from '../../../../shared/contract/library';
import type { BadgeTone } from '../../components/Badge';

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

export const STATUS_LABELS: Record<DocumentStatus, string> = {
  ready: 'Ready',
  indexing: 'Indexing',
  failed: 'Failed',
  interrupted: 'Interrupted',
  stale: 'Needs re-index',
};

export const STATUS_TONES: Record<DocumentStatus, BadgeTone> = {
  ready: 'ok',
  indexing: 'pending',
  failed: 'danger',
  interrupted: 'warning',
  stale: 'warning',
};

/** Rows whose name or path contains the text, ignoring case; all rows for a blank filter. */
export function filterDocuments(documents: readonly DocumentInfo[], text: string): readonly DocumentInfo[] {
  const needle = text.trim().toLocaleLowerCase();
  if (!needle) return documents;
  return documents.filter((d) => d.name.toLocaleLowerCase().includes(needle) || d.path.toLocaleLowerCase().includes(needle));
}

export function documentTotals(documents: readonly DocumentInfo[]): { documents: number; chunks: number } {
  return { documents: documents.length, chunks: documents.reduce((sum, d) => sum + d.chunkCount, 0) };
}
