// Counts of an import job's files by state (runs wherever the job runs), kept up to date per state change so that a
// progress event costs the same with ten files as with a hundred thousand.
import type { FileProgress } from '../../../shared/contract/library';

type FileState = FileProgress['state'];

/** States a file is still on its way through; every other state is final. */
export const ACTIVE_STATES: ReadonlySet<FileState> = new Set(['queued', 'parsing', 'embedding']);

export interface FileTally {
  filesTotal: number;
  filesDone: number;
  filesFailed: number;
  filesSkipped: number;
}

export interface ProgressTally {
  /** A file joins the job in this state. */
  add(state: FileState): void;
  /** A file of the job moved from one state to another. */
  move(from: FileState, to: FileState): void;
  counts(): FileTally;
}

export function createProgressTally(): ProgressTally {
  const counts: FileTally = { filesTotal: 0, filesDone: 0, filesFailed: 0, filesSkipped: 0 };
  const apply = (state: FileState, delta: 1 | -1): void => {
    if (!ACTIVE_STATES.has(state)) counts.filesDone += delta;
    if (state === 'failed') counts.filesFailed += delta;
    if (state === 'skipped') counts.filesSkipped += delta;
  };
  return {
    add: (state) => {
      counts.filesTotal++;
      apply(state, 1);
    },
    move: (from, to) => {
      if (from === to) return;
      apply(from, -1);
      apply(to, 1);
    },
    counts: () => ({ ...counts }),
  };
}
