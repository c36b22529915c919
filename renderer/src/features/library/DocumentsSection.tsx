// The selected collection's documents: a filter, row selection with Remove / Re-index / Reveal, and the table.
// Rows are memoised on the fields they show, so a refresh during an import re-renders only rows that changed.
// Renderer.
import { memo, useState, type ReactNode } from 'react';
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
import { useAppInfo, useLibrary } from '../../stores/StoresContext';
import { filterDocuments, FORMAT_LABELS, STATUS_LABELS, STATUS_TONES } from './documents';

/** Rows rendered before "Show all". */
const ROW_LIMIT = 500;

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
  const { selectedIds, removeDocuments, reindex, revealDocument, clearSelection, actionError, dismissActionError, jobActive } = useLibrary(
    useShallow((s) => ({
      selectedIds: s.selectedDocumentIds,
      removeDocuments: s.removeDocuments,
      reindex: s.reindex,
      revealDocument: s.revealDocument,
      clearSelection: s.clearDocumentSelection,
      actionError: s.actionError,
      dismissActionError: s.dismissActionError,
      jobActive: s.job !== null && (s.job.phase === 'running' || s.job.phase === 'uploading'),
    })),
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

/** The columns after the selection checkboxes. */
const COLUMNS: readonly DataTableColumn[] = [
  { key: 'name', header: 'Name' },
  { key: 'type', header: 'Type' },
  { key: 'pages', header: 'Pages', numeric: true },
  { key: 'chunks', header: 'Chunks', numeric: true },
  { key: 'size', header: 'Size', numeric: true },
  { key: 'status', header: 'Status' },
  { key: 'added', header: 'Added' },
];

function DocumentsTable({ documents }: { documents: readonly DocumentInfo[] }): ReactNode {
  const selectedIds = useLibrary((s) => s.selectedDocumentIds);
  const setSelected = useLibrary((s) => s.setDocumentsSelected);
  const [limit, setLimit] = useState(ROW_LIMIT);
  const shown = documents.slice(0, limit);
  const selectedVisible = documents.filter((d) => selectedIds.has(d.id)).length;
  const allSelected = selectedVisible === documents.length;
  // one clock for all rows, so every "5 minutes ago" agrees; it ticks each minute
  const now = useNow(60_000);

  return (
    <>
      <div className="table-scroller documents__scroller">
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
            ...COLUMNS,
          ]}
        >
          {shown.map((doc) => (
            <DocumentRow key={doc.id} doc={doc} selected={selectedIds.has(doc.id)} onSelect={setSelected} now={now} />
          ))}
        </DataTable>
      </div>
      {documents.length > limit ? (
        <Button variant="ghost" onClick={() => setLimit(Number.POSITIVE_INFINITY)}>
          Show all {formatCount(documents.length)} documents
        </Button>
      ) : null}
    </>
  );
}

interface DocumentRowProps {
  doc: DocumentInfo;
  selected: boolean;
  onSelect(ids: readonly string[], selected: boolean): void;
  now: number;
}

const sameRow = (a: DocumentRowProps, b: DocumentRowProps): boolean =>
  a.selected === b.selected &&
  a.onSelect === b.onSelect &&
  a.now === b.now &&
  a.doc.id === b.doc.id &&
  a.doc.updatedAt === b.doc.updatedAt &&
  a.doc.status === b.doc.status &&
  a.doc.chunkCount === b.doc.chunkCount &&
  a.doc.name === b.doc.name &&
  a.doc.error === b.doc.error &&
  a.doc.note === b.doc.note;

const DocumentRow = memo(function DocumentRow({ doc, selected, onSelect, now }: DocumentRowProps): ReactNode {
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
      </td>
      <td title={new Date(doc.addedAt).toLocaleString()}>{formatRelativeTime(doc.addedAt, now)}</td>
    </tr>
  );
}, sameRow);
