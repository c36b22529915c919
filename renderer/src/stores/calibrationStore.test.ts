import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { Calibration } from '../../../shared/contract/library';
import { calibrationText } from '../features/settings/searchForm';
import { createCalibrationStore } from './calibrationStore';
import { createFakeLociApi, deferred } from './testing/fakeLociApi';

const measured = (patch: Partial<Calibration> = {}): Calibration => ({
  collectionId: 'c1',
  embedderId: 'loci/glove-wordpiece-100d',
  chunkCount: 712,
  measuredAt: Date.UTC(2026, 11, 1, 10, 0),
  queries: 123,
  fusion: { method: 'convex', weight: 0 },
  keywords: { top1: 0.64, mrr10: 0.71 },
  meaning: { top1: 0.26, mrr10: 0.33 },
  hybrid: { top1: 0.64, mrr10: 0.71 },
  ...patch,
});

describe('calibration store', () => {
  it('reads a collection’s measurement, and measures it again on request', async () => {
    const again = deferred<{ calibration: Calibration | null }>();
    const api = createFakeLociApi({ 'library.calibration': () => ({ calibration: null }), 'library.calibrate': () => again.promise });
    const store = createCalibrationStore(api);
    await store.getState().load('c1');
    expect(store.getState().results.get('c1')).toBeNull();
    const running = store.getState().measureAgain('c1');
    expect(store.getState().measuring.has('c1')).toBe(true);
    again.resolve({ calibration: measured() });
    await running;
    expect(store.getState().measuring.has('c1')).toBe(false);
    expect(store.getState().results.get('c1')?.queries).toBe(123);
  });

  it('keeps the error to show', async () => {
    const api = createFakeLociApi({ 'library.calibration': () => Promise.reject(new AppError('STORE_ERROR', 'The library could not be read')) });
    const store = createCalibrationStore(api);
    await store.getState().load('c1');
    expect(store.getState().error?.message).toBe('The library could not be read');
  });

  it('says what was measured and what hybrid uses', () => {
    expect(calibrationText(measured())).toMatch(/^On this collection, hybrid finds the source passage first 64% of the time, keywords 64%, meaning 26%: hybrid uses keywords only\. Measured on 123 test searches/);
    expect(calibrationText(measured({ fusion: { method: 'convex', weight: 0.3 }, hybrid: { top1: 0.71, mrr10: 0.8 } }))).toContain('first 71% of the time, keywords 64%, meaning 26%: hybrid uses 30% meaning (score mix)');
  });
});
