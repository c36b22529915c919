// Circuit breakers and budget use in the renderer: the Models screen, the status area and Metrics read them;
// refreshed on breaker events and after new metrics. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { BreakerState, BudgetStatus } from '../../../shared/contract/resilience';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface ResilienceState {
  /** Breakers that have seen failures (closed ones included until they are reset or succeed). */
  readonly breakers: readonly BreakerState[];
  readonly budget: BudgetStatus | null;
  readonly error: AppError | null;
  refresh(): Promise<void>;
  breakersReceived(breakers: readonly BreakerState[]): void;
  resetBreaker(key: string): Promise<void>;
}

export type ResilienceStore = StoreApi<ResilienceState>;

export function createResilienceStore(api: LociApi): ResilienceStore {
  return createStore<ResilienceState>()((set, get) => ({
    breakers: [],
    budget: null,
    error: null,
    async refresh() {
      try {
        const [{ breakers }, budget] = await Promise.all([api.call('resilience.breakers', {}), api.call('resilience.budget', {})]);
        set({ breakers, budget, error: null });
      } catch (error) {
        set({ error: toAppError(error) });
      }
    },
    breakersReceived: (breakers) => set({ breakers }),
    async resetBreaker(key) {
      try {
        await api.call('resilience.resetBreaker', { key });
      } catch (error) {
        set({ error: toAppError(error) });
      }
      await get().refresh();
    },
  }));
}

/** Breakers not closed: what the status area and Models warn about. */
export const openBreakers = (breakers: readonly BreakerState[]): BreakerState[] => breakers.filter((b) => b.state !== 'closed');
