// The import stream's progress functions: merging (what the host's coalescing does) and applying (what the job store does).
import { describe, expect, it } from 'vitest';
import { applyImportProgress, mergeImportProgress, type FileProgress, type ImportOverall, type ImportProgress, type ImportProgressState } from './library';

const file = (fileId: string, state: FileProgress['state'], chunks: number | null = null): FileProgress => ({
  fileId,
  name: `${fileId}.md`,
  path: `docs/${fileId}.md`,
  state,
  reason: null,
  chunks,
  pages: null,
  documentId: state === 'done' ? `doc-${fileId}` : null,
});

const overall = (filesDone: number, chunks: number): ImportOverall => ({
  filesTotal: 3,
  filesDone,
  filesFailed: 0,
  filesSkipped: 0,
  chunks,
  chunksPerSecond: 0,
  etaSeconds: null,
  elapsedMs: filesDone * 100,
});

const START: ImportProgressState = { files: new Map([['a', file('a', 'queued')]]), overall: null };

describe('applyImportProgress', () => {
  it('replaces a file in place, appends new files and replaces the overall figures', () => {
    const after = applyImportProgress(START, { files: [file('b', 'parsing'), file('a', 'done', 4)], overall: overall(1, 4) });
    expect([...after.files.keys()]).toEqual(['a', 'b']);
    expect(after.files.get('a')?.state).toBe('done');
    expect(after.overall).toEqual(overall(1, 4));
    expect(START.files.get('a')?.state).toBe('queued'); // the previous state is not touched
  });

  it('keeps the object of a file the item did not mention', () => {
    const kept = file('c', 'done', 2);
    const current: ImportProgressState = { files: new Map([['c', kept]]), overall: null };
    expect(applyImportProgress(current, { files: [file('d', 'queued')], overall: overall(0, 0) }).files.get('c')).toBe(kept);
  });

  it('applying two merged items equals applying both in turn', () => {
    const a: ImportProgress = { files: [file('a', 'parsing'), file('b', 'queued')], overall: overall(0, 0) };
    const b: ImportProgress = { files: [file('c', 'queued'), file('a', 'done', 5), file('b', 'failed')], overall: overall(2, 5) };
    const inTurn = applyImportProgress(applyImportProgress(START, a), b);
    const merged = applyImportProgress(START, mergeImportProgress(a, b));
    expect([...merged.files.entries()]).toEqual([...inTurn.files.entries()]);
    expect(merged.overall).toEqual(inTurn.overall);
  });
});
