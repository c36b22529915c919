// How the documents table names formats and statuses, sorts and filters rows. Pure. Renderer (and Node tests).
import type { DocumentInfo, DocumentStatus } from '../../../../shared/contract/library';
export type { DocumentSort, DocumentSortKey } from '../../../../shared/contract/library';
// the order and filter are the host's too (windowed library.documents): one definition
export { DEFAULT_SORT, filterDocuments, FORMAT_LABELS, nextSort, sortDocuments } from '../../../../shared/library/documentOrder';
import type { SourceInfo } from '../../../../shared/contract/sources';
import type { BadgeTone } from '../../components/Badge';

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

/** What a folder source's badge says. */
export function sourceStateLabel(source: Pick<SourceInfo, 'state' | 'pending'>): string {
  switch (source.state) {
    case 'watching':
      return 'Watching';
    case 'syncing':
      return source.pending > 0 ? `Syncing ${source.pending} file${source.pending === 1 ? '' : 's'}` : 'Syncing';
    case 'paused':
      return 'Paused';
    case 'missing':
      return 'Folder missing';
    case 'notAllowed':
      return 'Not allowed here';
  }
}

/** Documents a per-file Retry re-imports: failed or interrupted ones. */
export const canRetry = (doc: Pick<DocumentInfo, 'status'>): boolean => doc.status === 'failed' || doc.status === 'interrupted';
