// What calibration measured on each collection (the balance hybrid search uses), and "Measure again". Renderer
// (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { Calibration } from '../../../shared/contract/library';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface CalibrationState {
  /** By collection id: null when not measured yet; absent until asked. */
  readonly results: ReadonlyMap<string, Calibration | null>;
  /** Collections being measured again. */
  readonly measuring: ReadonlySet<string>;
  readonly error: AppError | null;
  load(collectionId: string): Promise<void>;
  measureAgain(collectionId: string): Promise<void>;
}

export type CalibrationStore = StoreApi<CalibrationState>;

export function createCalibrationStore(api: LociApi): CalibrationStore {
  return createStore<CalibrationState>((set, get) => {
    const put = (collectionId: string, calibration: Calibration | null): void => set({ results: new Map(get().results).set(collectionId, calibration), error: null });
    return {
      results: new Map(),
      measuring: new Set(),
      error: null,
      load: async (collectionId) => {
        try {
          put(collectionId, (await api.call('library.calibration', { collectionId })).calibration);
        } catch (error) {
          set({ error: toAppError(error) });
        }
      },
      measureAgain: async (collectionId) => {
        set({ measuring: new Set(get().measuring).add(collectionId), error: null });
        try {
          put(collectionId, (await api.call('library.calibrate', { collectionId })).calibration);
        } catch (error) {
          set({ error: toAppError(error) });
        } finally {
          const measuring = new Set(get().measuring);
          measuring.delete(collectionId);
          set({ measuring });
        }
      },
    };
  });
}
