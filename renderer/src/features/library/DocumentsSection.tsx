// The selected collection's documents: a filter, row selection with Remove / Re-index / Reveal, and the table over
// the store's window of rows (the host sorts and filters; the table tells the store which rows are in view).
// Rows are memoised on the fields they show, so a refresh during an import re-renders only rows that changed.
// Renderer.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
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
import { documentAt, selectedShownCount } from '../../stores/libraryStore';
import { useAppInfo, useImportJobs, useLibrary } from '../../stores/StoresContext';
import { canRetry, FORMAT_LABELS, STATUS_LABELS, STATUS_TONES, type DocumentSort, type DocumentSortKey } from './documents';

/** A row's height estimate, px; rows are measured as they render. */
const ROW_HEIGHT = 41;

export function DocumentsSection(): ReactNode {
  const { total, filter, appliedFilter, setFilter, error, collectionName } = useLibrary(
    useShallow((s) => ({
      total: s.documentTotal,
      filter: s.documentFilter,
      appliedFilter: s.documentQuery.filter,
      setFilter: s.setDocumentFilter,
      // without collections there is nothing to list either
      error: s.documentsError ?? (s.selectedCollectionId === null ? s.collectionsError : null),
      collectionName: s.collections?.find((c) => c.id === s.selectedCollectionId)?.name ?? null,
    })),
  );

  if (total === null) {
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

  if (total === 0 && appliedFilter === '' && filter.trim() === '') {
    return (
      <EmptyState icon="upload" title={collectionName ? `No documents in ${collectionName} yet` : 'No documents yet'} testId="documents-empty">
        <p>Drop files or folders anywhere on this window, or use Add files and Add folder. Folders are read with everything inside them.</p>
        <p>Loci reads PDF, Word (.docx), Markdown, HTML, CSV, plain text and source code files, and keeps everything on this computer.</p>
      </EmptyState>
    );
  }

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
      <SelectionActions />
      {total === 0 ? (
        <p className="library__muted" data-testid="documents-no-match">
          No document’s name or path contains “{appliedFilter}”.
        </p>
      ) : (
        <DocumentsTable total={total} />
      )}
    </section>
  );
}

function SelectionActions(): ReactNode {
  const { selectedIds, shownSelected, removeDocuments, revealDocument, clearSelection, actionError, dismissActionError } = useLibrary(
    useShallow((s) => ({
      selectedIds: s.selectedDocumentIds,
      shownSelected: selectedShownCount(s),
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
  const hiddenSelected = count - shownSelected;

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

function DocumentsTable({ total }: { total: number }): ReactNode {
  const { selectedIds, shownSelected, pages, sort, query, setSelected, setAllSelected, sortBy, showRows } = useLibrary(
    useShallow((s) => ({
      selectedIds: s.selectedDocumentIds,
      shownSelected: selectedShownCount(s),
      pages: s.documentPages,
      sort: s.documentQuery.sort,
      query: s.documentQuery,
      setSelected: s.setDocumentsSelected,
      setAllSelected: s.setAllShownDocumentsSelected,
      sortBy: s.sortDocumentsBy,
      showRows: s.showDocumentRows,
    })),
  );
  const retry = useImportJobs((s) => s.reindex);
  const scroller = useRef<HTMLDivElement>(null);
  // only the rows in view (and a few around) are in the DOM, and only their pages are fetched: 10,000 documents cost what 30 do
  // eslint-disable-next-line react-hooks/incompatible-library -- this component is not compiler-memoised; the virtualiser re-renders it on scroll
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => showRows(first, last), [showRows, first, last]);
  // another order or filter starts at the top
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [query]);
  const allSelected = shownSelected >= total;
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
                    if (element) element.indeterminate = shownSelected > 0 && !allSelected;
                  }}
                  onChange={() => void setAllSelected(!allSelected)}
                  data-testid="documents-select-all"
                />
              ),
            },
            ...sortableColumns(sort, sortBy),
          ]}
        >
          {padTop > 0 ? <tr aria-hidden="true" style={{ height: padTop }} /> : null}
          {items.map((item) => {
            const doc = documentAt({ documentPages: pages }, item.index);
            return doc ? (
              <DocumentRow key={doc.id} doc={doc} selected={selectedIds.has(doc.id)} onSelect={setSelected} onRetry={retry} now={now} />
            ) : (
              <tr key={`loading-${item.index}`} className="documents__row documents__row--loading" aria-hidden="true" style={{ height: ROW_HEIGHT }}>
                <td colSpan={COLUMNS.length + 1} />
              </tr>
            );
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
