import { describe, expect, it } from 'vitest';
import type { FileProgress } from '../../../../shared/contract/library';
import type { ImportJob } from '../../stores/importJobsStore';
import { fileProgress, importOverall } from '../../stores/testing/fixtures';
import { countImportFiles, describeFilePages, describeOutcome, describeProgress, orderImportFiles } from './importProgress';

const files = (...list: FileProgress[]): Map<string, FileProgress> => new Map(list.map((f) => [f.fileId, f]));

const sample = files(
  fileProgress('f0', { state: 'done' }),
  fileProgress('f1', { state: 'skipped' }),
  fileProgress('f2', { state: 'embedding' }),
  fileProgress('f3', { state: 'failed' }),
  fileProgress('f4', { state: 'queued' }),
  fileProgress('f5', { state: 'unchanged' }),
);

describe('import progress', () => {
  it('counts files by what the filters show', () => {
    expect(countImportFiles(sample)).toEqual({ all: 6, problems: 2, active: 2, finished: 2 });
  });

  it('puts failed, then skipped files first and keeps the rest in order', () => {
    expect(orderImportFiles(sample, 'all').map((f) => f.fileId)).toEqual(['f3', 'f1', 'f0', 'f2', 'f4', 'f5']);
    expect(orderImportFiles(sample, 'problems').map((f) => f.fileId)).toEqual(['f3', 'f1']);
    expect(orderImportFiles(sample, 'active').map((f) => f.fileId)).toEqual(['f2', 'f4']);
    expect(orderImportFiles(sample, 'finished').map((f) => f.fileId)).toEqual(['f0', 'f5']);
  });

  it('describes a running job', () => {
    expect(describeProgress(importOverall({ filesTotal: 10, filesDone: 3, chunks: 120, chunksPerSecond: 44.6, etaSeconds: 20 }))).toBe(
      '3 of 10 files · 120 chunks · 45 chunks/s · about 20 s left',
    );
    expect(describeProgress(importOverall({ filesTotal: 1, filesDone: 0 }))).toBe('0 of 1 file · 0 chunks');
  });

  it('sums up a finished or cancelled job', () => {
    const job: ImportJob = {
      id: 1,
      kind: 'import',
      collectionId: 'default',
      phase: 'cancelled',
      cancelling: false,
      upload: null,
      files: files(fileProgress('a', { state: 'done' }), fileProgress('b', { state: 'skipped' }), fileProgress('c', { state: 'cancelled' })),
      overall: importOverall({ chunks: 12, elapsedMs: 4_200 }),
      summary: null,
      error: null,
    };
    expect(describeOutcome(job)).toBe('1 added · 1 skipped · 1 not imported · 12 chunks in 4.2 s');
  });
});

describe('a file\u2019s pages', () => {
  it('counts pages as OCR reads them, then says how many and that OCR read them', () => {
    expect(describeFilePages(fileProgress('a', { state: 'parsing', pages: null }))).toBeNull();
    expect(describeFilePages(fileProgress('a', { state: 'parsing', pages: 10, pagesDone: 3, ocr: true }))).toBe('page 3 of 10 (OCR)');
    expect(describeFilePages(fileProgress('a', { state: 'done', pages: 10, pagesDone: 10, ocr: true }))).toBe('10 pages (OCR)');
    expect(describeFilePages(fileProgress('a', { state: 'done', pages: 1 }))).toBe('1 page');
  });
});
