// What the import panel says about a job: per-state counts, the file list's order and filters, and the progress
// and outcome lines. Pure, so the panel stays presentational. Renderer (and Node tests).
import type { FileProgress, FileState, ImportOverall } from '../../../../shared/contract/library';
import { formatCount, formatDuration, formatMs } from '../../lib/format';
import type { ImportJob } from '../../stores/importJobsStore';
import type { BadgeTone } from '../../components/Badge';

export const FILE_STATE_LABELS: Record<FileState, string> = {
  queued: 'Queued',
  parsing: 'Reading',
  embedding: 'Embedding',
  done: 'Done',
  unchanged: 'Unchanged',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const FILE_STATE_TONES: Record<FileState, BadgeTone> = {
  queued: 'neutral',
  parsing: 'pending',
  embedding: 'pending',
  done: 'ok',
  unchanged: 'neutral',
  skipped: 'warning',
  failed: 'danger',
  cancelled: 'neutral',
};

/** A file's pages: "page 3 of 10 (OCR)" while text recognition reads it, then "10 pages" (with "OCR" when it read any). */
export function describeFilePages(file: FileProgress): string | null {
  if (file.pages === null) return null;
  const ocr = file.ocr === true ? ' (OCR)' : '';
  if (file.state === 'parsing' && file.pagesDone !== null && file.pagesDone !== undefined) return `page ${formatCount(file.pagesDone)} of ${formatCount(file.pages)}${ocr}`;
  return `${formatCount(file.pages)} ${file.pages === 1 ? 'page' : 'pages'}${ocr}`;
}

export type ImportFileFilter = 'all' | 'problems' | 'active' | 'finished';

const PROBLEMS: ReadonlySet<FileState> = new Set(['failed', 'skipped']);
const ACTIVE: ReadonlySet<FileState> = new Set(['queued', 'parsing', 'embedding']);

const matches = (filter: ImportFileFilter, state: FileState): boolean =>
  filter === 'all' || (filter === 'problems' ? PROBLEMS.has(state) : filter === 'active' ? ACTIVE.has(state) : !ACTIVE.has(state) && !PROBLEMS.has(state));

export type ImportFileCounts = Record<ImportFileFilter, number>;

export function countImportFiles(files: ReadonlyMap<string, FileProgress>): ImportFileCounts {
  const counts: ImportFileCounts = { all: 0, problems: 0, active: 0, finished: 0 };
  for (const file of files.values()) {
    counts.all++;
    if (PROBLEMS.has(file.state)) counts.problems++;
    else if (ACTIVE.has(file.state)) counts.active++;
    else counts.finished++;
  }
  return counts;
}

/** The files a filter shows: failed first, then skipped, then the rest in the order the job reported them. */
export function orderImportFiles(files: ReadonlyMap<string, FileProgress>, filter: ImportFileFilter): FileProgress[] {
  const failed: FileProgress[] = [];
  const skipped: FileProgress[] = [];
  const rest: FileProgress[] = [];
  for (const file of files.values()) {
    if (!matches(filter, file.state)) continue;
    (file.state === 'failed' ? failed : file.state === 'skipped' ? skipped : rest).push(file);
  }
  return [...failed, ...skipped, ...rest];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "3 of 10 files · 120 chunks · 45 chunks/s · about 20 s left" */
export function describeProgress(overall: ImportOverall): string {
  const parts = [`${formatCount(overall.filesDone)} of ${plural(overall.filesTotal, 'file')}`, plural(overall.chunks, 'chunk')];
  if (overall.chunksPerSecond > 0) parts.push(`${formatCount(Math.round(overall.chunksPerSecond))} chunks/s`);
  if (overall.etaSeconds !== null && overall.filesDone < overall.filesTotal) parts.push(`about ${formatDuration(overall.etaSeconds)} left`);
  return parts.join(' · ');
}

/** "8 added · 1 unchanged · 1 skipped · 1 failed · 120 chunks in 4.2 s" (counted from the files themselves). */
export function describeOutcome(job: ImportJob): string {
  const byState = new Map<FileState, number>();
  for (const file of job.files.values()) byState.set(file.state, (byState.get(file.state) ?? 0) + 1);
  const n = (state: FileState): number => byState.get(state) ?? 0;
  const parts: string[] = [];
  const added = n('done');
  parts.push(`${formatCount(added)} ${job.kind === 'reindex' ? 're-indexed' : 'added'}`);
  if (n('unchanged') > 0) parts.push(`${formatCount(n('unchanged'))} unchanged`);
  if (n('skipped') > 0) parts.push(`${formatCount(n('skipped'))} skipped`);
  if (n('failed') > 0) parts.push(`${formatCount(n('failed'))} failed`);
  if (n('cancelled') > 0) parts.push(`${formatCount(n('cancelled'))} not imported`);
  const overall = job.summary?.overall ?? job.overall;
  if (overall) parts.push(`${plural(overall.chunks, 'chunk')} in ${formatMs(overall.elapsedMs)}`);
  return parts.join(' · ');
}
