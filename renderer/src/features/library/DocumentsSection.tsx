// The selected collection's documents: a filter, row selection with Remove / Re-index / Reveal, and the table.
// Rows are memoised on the fields they show, so a refresh during an import re-renders only rows that changed.
// Renderer.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DocumentInfo } from '../../../../shared/contract/library';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DataTable, type DataTableColumn } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { InlineConfirm } from '../../components/InlineConfirm';
import { formatBytes, formatCount, formatRelativeTime, NONE } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useAppInfo, useImportJobs, useLibrary } from '../../stores/StoresContext';
import { canRetry, DEFAULT_SORT, filterDocuments, FORMAT_LABELS, nextSort, sortDocuments, STATUS_LABELS, STATUS_TONES, type DocumentSort, type DocumentSortKey } from './documents';

/** A row's height estimate, px; rows are measured as they render. */
const ROW_HEIGHT = 41;

export function DocumentsSection(): ReactNode {
  const { documents, error, collectionName } = useLibrary(
    useShallow((s) => ({
      documents: s.documents,
      // without collections there is nothing to list either
      error: s.documentsError ?? (s.selectedCollectionId === null ? s.collectionsError : null),
      collectionName: s.collections?.find((c) => c.id === s.selectedCollectionId)?.name ?? null,
    })),
  );
  const [filter, setFilter] = useState('');

  if (documents === null) {
    return error ? (
      <p className="library__error" role="alert">
        Could not list the documents: {error.message}
      </p>
    ) : (
      <p className="library__muted" role="status">
        Loading documents…
      </p>
    );
  }

  if (documents.length === 0) {
    return (
      <EmptyState icon="upload" title={collectionName ? `No documents in ${collectionName} yet` : 'No documents yet'} testId="documents-empty">
        <p>Drop files or folders anywhere on this window, or use Add files and Add folder. Folders are read with everything inside them.</p>
        <p>Loci reads PDF, Word (.docx), Markdown, HTML, CSV, plain text and source code files, and keeps everything on this computer.</p>
      </EmptyState>
    );
  }

  const visible = filterDocuments(documents, filter);
  return (
    <section className="documents" aria-labelledby="documents-title">
      <div className="documents__toolbar">
        <h2 id="documents-title">Documents</h2>
        <input
          className="field__input documents__filter"
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder="Filter by name or path"
          aria-label="Filter documents by name or path"
          spellCheck={false}
          data-testid="documents-filter"
        />
      </div>
      <SelectionActions visible={visible} />
      {visible.length === 0 ? (
        <p className="library__muted" data-testid="documents-no-match">
          No document’s name or path contains “{filter.trim()}”.
        </p>
      ) : (
        <DocumentsTable documents={visible} />
      )}
    </section>
  );
}

function SelectionActions({ visible }: { visible: readonly DocumentInfo[] }): ReactNode {
  const { selectedIds, removeDocuments, revealDocument, clearSelection, actionError, dismissActionError } = useLibrary(
    useShallow((s) => ({
      selectedIds: s.selectedDocumentIds,
      removeDocuments: s.removeDocuments,
      revealDocument: s.revealDocument,
      clearSelection: s.clearDocumentSelection,
      actionError: s.actionError,
      dismissActionError: s.dismissActionError,
    })),
  );
  const { reindex, jobActive } = useImportJobs(
    useShallow((s) => ({ reindex: s.reindex, jobActive: s.job !== null && (s.job.phase === 'running' || s.job.phase === 'uploading') })),
  );
  const canReveal = useAppInfo()?.capabilities.revealInFileManager ?? false;
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const [removing, setRemoving] = useState(false);
  const ids = [...selectedIds];
  const count = ids.length;
  const hiddenSelected = count - visible.filter((d) => selectedIds.has(d.id)).length;

  const remove = async (): Promise<void> => {
    setRemoving(true);
    await removeDocuments(ids);
    setRemoving(false);
    setConfirmingRemove(false);
  };

  return (
    <>
      {count > 0 ? (
        <div className="documents__selection" role="toolbar" aria-label="Selected documents" data-testid="documents-selection">
          <span className="documents__selection-count">
            {formatCount(count)} selected{hiddenSelected > 0 ? ` (${formatCount(hiddenSelected)} hidden by the filter)` : ''}
          </span>
          <Button onClick={() => void reindex(ids)} disabled={jobActive} data-testid="documents-reindex">
            Re-index
          </Button>
          {canReveal && count === 1 ? (
            <Button onClick={() => void revealDocument(ids[0]!)} data-testid="documents-reveal">
              <Icon name="folder" size={16} />
              Show in folder
            </Button>
          ) : null}
          <Button variant="danger" onClick={() => setConfirmingRemove(true)} disabled={confirmingRemove} data-testid="documents-remove">
            <Icon name="trash" size={16} />
            Remove
          </Button>
          <Button variant="ghost" onClick={clearSelection}>
            Clear selection
          </Button>
        </div>
      ) : null}
      {confirmingRemove && count > 0 ? (
        <InlineConfirm
          question={`Remove ${count === 1 ? 'this document' : `these ${formatCount(count)} documents`} from the library? The files on your disk stay where they are.`}
          confirmLabel={count === 1 ? 'Remove document' : `Remove ${formatCount(count)} documents`}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmingRemove(false)}
          busy={removing}
          testId="documents-remove-confirmation"
        />
      ) : null}
      {actionError ? (
        <div className="documents__action-error" role="alert">
          <span>{actionError.message}</span>
          <Button variant="ghost" onClick={dismissActionError} aria-label="Dismiss">
            <Icon name="close" size={16} />
          </Button>
        </div>
      ) : null}
    </>
  );
}

/** The columns after the selection checkboxes; every one sorts. */
const COLUMNS: readonly { key: DocumentSortKey; header: string; numeric?: boolean }[] = [
  { key: 'name', header: 'Name' },
  { key: 'type', header: 'Type' },
  { key: 'pages', header: 'Pages', numeric: true },
  { key: 'chunks', header: 'Chunks', numeric: true },
  { key: 'size', header: 'Size', numeric: true },
  { key: 'status', header: 'Status' },
  { key: 'added', header: 'Added' },
];

function sortableColumns(sort: DocumentSort, onSort: (key: DocumentSortKey) => void): DataTableColumn[] {
  return COLUMNS.map((c) => ({
    key: c.key,
    ...(c.numeric ? { numeric: true } : {}),
    header: (
      <button
        type="button"
        className="documents__sort"
        onClick={() => onSort(c.key)}
        aria-label={`Sort by ${c.header}${sort.key === c.key ? (sort.direction === 'asc' ? ', ascending' : ', descending') : ''}`}
        data-testid={`documents-sort-${c.key}`}
      >
        {c.header}
        {sort.key === c.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    ),
  }));
}

function DocumentsTable({ documents }: { documents: readonly DocumentInfo[] }): ReactNode {
  const selectedIds = useLibrary((s) => s.selectedDocumentIds);
  const setSelected = useLibrary((s) => s.setDocumentsSelected);
  const retry = useImportJobs((s) => s.reindex);
  const [sort, setSort] = useState<DocumentSort>(DEFAULT_SORT);
  const sorted = useMemo(() => sortDocuments(documents, sort), [documents, sort]);
  const scroller = useRef<HTMLDivElement>(null);
  // only the rows in view (and a few around) are in the DOM: 10,000 documents cost what 30 do
  // eslint-disable-next-line react-hooks/incompatible-library -- this component is not compiler-memoised; the virtualiser re-renders it on scroll
  const virtualizer = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const selectedVisible = documents.filter((d) => selectedIds.has(d.id)).length;
  const allSelected = selectedVisible === documents.length;
  // one clock for all rows, so every "5 minutes ago" agrees; it ticks each minute
  const now = useNow(60_000);

  return (
    <>
      <div className="table-scroller documents__scroller" ref={scroller}>
        <DataTable
          className="data-table--sticky-head"
          testId="documents-table"
          columns={[
            {
              key: 'select',
              className: 'documents__check',
              header: (
                <input
                  type="checkbox"
                  aria-label="Select all shown documents"
                  checked={allSelected}
                  ref={(element) => {
                    if (element) element.indeterminate = selectedVisible > 0 && !allSelected;
                  }}
                  onChange={() =>
                    setSelected(
                      documents.map((d) => d.id),
                      !allSelected,
                    )
                  }
                  data-testid="documents-select-all"
                />
              ),
            },
            ...sortableColumns(sort, (key) => setSort((current) => nextSort(current, key))),
          ]}
        >
          {padTop > 0 ? <tr aria-hidden="true" style={{ height: padTop }} /> : null}
          {items.map((item) => {
            const doc = sorted[item.index]!;
            return <DocumentRow key={doc.id} doc={doc} selected={selectedIds.has(doc.id)} onSelect={setSelected} onRetry={retry} now={now} />;
          })}
          {padBottom > 0 ? <tr aria-hidden="true" style={{ height: padBottom }} /> : null}
        </DataTable>
      </div>
    </>
  );
}

interface DocumentRowProps {
  doc: DocumentInfo;
  selected: boolean;
  onSelect(ids: readonly string[], selected: boolean): void;
  /** Re-imports one failed file. */
  onRetry(ids: readonly string[]): Promise<void>;
  now: number;
}

const sameRow = (a: DocumentRowProps, b: DocumentRowProps): boolean =>
  a.selected === b.selected &&
  a.onSelect === b.onSelect &&
  a.onRetry === b.onRetry &&
  a.now === b.now &&
  a.doc.id === b.doc.id &&
  a.doc.updatedAt === b.doc.updatedAt &&
  a.doc.status === b.doc.status &&
  a.doc.chunkCount === b.doc.chunkCount &&
  a.doc.name === b.doc.name &&
  a.doc.error === b.doc.error &&
  a.doc.note === b.doc.note;

const DocumentRow = memo(function DocumentRow({ doc, selected, onSelect, onRetry, now }: DocumentRowProps): ReactNode {
  return (
    <tr className={selected ? 'documents__row documents__row--selected' : 'documents__row'} data-testid="document-row" data-name={doc.name} data-status={doc.status}>
      <td className="documents__check">
        <input type="checkbox" aria-label={`Select ${doc.name}`} checked={selected} onChange={(event) => onSelect([doc.id], event.target.checked)} />
      </td>
      <td className="documents__name">
        <span title={doc.path}>{doc.name}</span>
        {doc.title && doc.title !== doc.name ? <span className="documents__title">{doc.title}</span> : null}
      </td>
      <td>{FORMAT_LABELS[doc.format]}</td>
      <td className="data-table__num">{doc.pageCount === null ? NONE : formatCount(doc.pageCount)}</td>
      <td className="data-table__num">{formatCount(doc.chunkCount)}</td>
      <td className="data-table__num">{formatBytes(doc.sizeBytes)}</td>
      <td>
        <Badge tone={STATUS_TONES[doc.status]} title={doc.error ?? doc.note ?? undefined}>
          {STATUS_LABELS[doc.status]}
        </Badge>
        {canRetry(doc) ? (
          <Button variant="ghost" onClick={() => void onRetry([doc.id])} aria-label={`Retry ${doc.name}`} data-testid="document-retry">
            Retry
          </Button>
        ) : null}
      </td>
      <td title={new Date(doc.addedAt).toLocaleString()}>{formatRelativeTime(doc.addedAt, now)}</td>
    </tr>
  );
}, sameRow);
