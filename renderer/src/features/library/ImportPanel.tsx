// The running (or last) import: upload progress in the browser, the overall bar and figures, Cancel, and every
// file's state with problems first. Rows are memoised on their FileProgress object, which the store only replaces
// when that file changed, so a progress item re-renders the few rows it touched. Renderer.
import { memo, useState, type ReactNode } from 'react';
import type { FileProgress } from '../../../../shared/contract/library';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, formatCount } from '../../lib/format';
import type { ImportJob } from '../../stores/importJobsStore';
import { useImportJobs, useLibrary } from '../../stores/StoresContext';
import {
  countImportFiles,
  describeFilePages,
  describeOutcome,
  describeProgress,
  FILE_STATE_LABELS,
  FILE_STATE_TONES,
  orderImportFiles,
  type ImportFileFilter,
} from './importProgress';

/** Rows shown before "Show all": a folder of 20,000 files must not build 20,000 list items per update. */
const ROW_LIMIT = 200;

export function ImportPanel(): ReactNode {
  const job = useImportJobs((s) => s.job);
  return job ? <ImportJobPanel key={job.id} job={job} /> : null;
}

function title(job: ImportJob, collectionName: string | null): string {
  const noun = job.kind === 'reindex' ? 'Re-index' : 'Import';
  switch (job.phase) {
    case 'uploading':
      return 'Uploading files…';
    case 'running':
      if (job.kind === 'resume') return `${job.label ?? 'Resuming an interrupted import'}…`;
      return job.kind === 'reindex' ? 'Re-indexing…' : `Importing into ${collectionName ?? 'the library'}…`;
    case 'finished':
      return `${noun} finished`;
    case 'cancelled':
      return `${noun} cancelled`;
    case 'failed':
      return `${noun} failed`;
  }
}

const FILTERS: ReadonlyArray<{ id: ImportFileFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'problems', label: 'Skipped or failed' },
  { id: 'active', label: 'In progress' },
  { id: 'finished', label: 'Finished' },
];

function ImportJobPanel({ job }: { job: ImportJob }): ReactNode {
  const collectionName = useLibrary((s) => s.collections?.find((c) => c.id === job.collectionId)?.name ?? null);
  const queued = useImportJobs((s) => s.queuedImports);
  const cancelImport = useImportJobs((s) => s.cancelImport);
  const dismissImport = useImportJobs((s) => s.dismissImport);
  const retryImport = useImportJobs((s) => s.retryImport);
  const [filter, setFilter] = useState<ImportFileFilter>('all');
  const [limit, setLimit] = useState(ROW_LIMIT);
  const active = job.phase === 'uploading' || job.phase === 'running';
  const counts = countImportFiles(job.files);
  const shown = orderImportFiles(job.files, filter);

  return (
    <section className="card import-panel" aria-labelledby={`import-title-${job.id}`} data-testid="import-panel" data-phase={job.phase}>
      <header className="import-panel__header">
        <h2 id={`import-title-${job.id}`} className="import-panel__title">
          {title(job, collectionName)}
        </h2>
        <div className="import-panel__actions">
          {active ? (
            <Button busy={job.cancelling} onClick={cancelImport} data-testid="import-cancel">
              {job.cancelling ? 'Cancelling…' : 'Cancel'}
            </Button>
          ) : (
            <>
              {job.phase === 'failed' ? (
                <Button onClick={() => void retryImport()} data-testid="import-retry">
                  Retry
                </Button>
              ) : null}
              <Button variant="ghost" onClick={dismissImport} aria-label="Dismiss" data-testid="import-dismiss">
                <Icon name="close" size={16} />
              </Button>
            </>
          )}
        </div>
      </header>

      <ImportProgress job={job} />

      {job.error ? (
        <p className="import-panel__error" role="alert" data-testid="import-error">
          {job.error.message}
        </p>
      ) : null}
      {queued > 0 ? (
        <p className="library__muted">
          {queued === 1 ? 'One more import waits' : `${formatCount(queued)} more imports wait`} until this one finishes.
        </p>
      ) : null}

      {counts.all > 0 ? (
        <>
          <div className="import-panel__filters" role="group" aria-label="Show files">
            {FILTERS.map(({ id, label }) => (
              <button
                key={id}
                type="button"
                className={`chip${id === 'problems' && counts.problems > 0 ? ' chip--alert' : ''}`}
                aria-pressed={filter === id}
                onClick={() => setFilter(id)}
                data-testid={`import-filter-${id}`}
              >
                {label} <span className="chip__count">{formatCount(counts[id])}</span>
              </button>
            ))}
          </div>
          <ul className="import-files" aria-label="Files in this import" data-testid="import-files">
            {shown.slice(0, limit).map((file) => (
              <ImportFileRow key={file.fileId} file={file} />
            ))}
          </ul>
          {shown.length > limit ? (
            <Button variant="ghost" onClick={() => setLimit(Number.POSITIVE_INFINITY)}>
              Show all {formatCount(shown.length)} files
            </Button>
          ) : null}
          {shown.length === 0 ? <p className="library__muted">No files here.</p> : null}
        </>
      ) : null}
    </section>
  );
}

function ImportProgress({ job }: { job: ImportJob }): ReactNode {
  const embedderState = useLibrary((s) => s.embedder?.state ?? null);
  if (job.phase === 'uploading') {
    const upload = job.upload;
    return (
      <ProgressBar
        value={upload && upload.bytesTotal > 0 ? upload.bytesSent : null}
        max={upload?.bytesTotal ?? 1}
        label="Upload progress"
        testId="import-upload-progress"
        detail={
          upload
            ? `Sending ${formatCount(Math.min(upload.filesDone + 1, upload.filesTotal))} of ${formatCount(upload.filesTotal)} files · ${formatBytes(upload.bytesSent)} of ${formatBytes(upload.bytesTotal)}`
            : 'Reading the files…'
        }
      />
    );
  }
  const overall = job.overall;
  const done = overall?.filesDone ?? 0;
  const total = overall?.filesTotal ?? 0;
  let detail: string | null = null;
  if (job.phase === 'running') {
    // the host loads the model before it reports the first file
    detail = overall ? describeProgress(overall) : embedderState === 'loading' || embedderState === 'idle' ? 'Loading the embedding model…' : 'Starting…';
  } else if (job.files.size > 0) detail = describeOutcome(job);
  else if (job.phase === 'finished') detail = 'There was nothing to import.';
  return (
    <ProgressBar
      className={job.phase === 'finished' ? 'progress--done' : undefined}
      value={job.phase === 'running' && !overall ? null : done}
      max={total}
      label="Import progress"
      detail={detail}
      testId="import-progress"
      data-done={done}
      data-total={total}
    />
  );
}

const ImportFileRow = memo(function ImportFileRow({ file }: { file: FileProgress }): ReactNode {
  const meta = [
    describeFilePages(file),
    file.chunks !== null ? `${formatCount(file.chunks)} ${file.chunks === 1 ? 'chunk' : 'chunks'}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const problem = file.state === 'failed' || file.state === 'skipped';
  return (
    <li className={`import-file import-file--${file.state}`} data-testid="import-file" data-state={file.state} data-name={file.name}>
      <Badge tone={FILE_STATE_TONES[file.state]}>{FILE_STATE_LABELS[file.state]}</Badge>
      <span className="import-file__name" title={file.path}>
        {file.name}
      </span>
      <span className="import-file__meta">{meta}</span>
      {problem && file.reason ? (
        <span className="import-file__reason" data-testid="import-file-reason">
          {file.reason}
        </span>
      ) : null}
    </li>
  );
});
