// Answer feedback and exports in the renderer: thumbs up/down on chat answers (kept here over the stored messages
// until the conversation reloads), and a conversation or comparison saved as Markdown or JSON through the same
// in-page download Metrics' export uses. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { ExportFormat } from '../../../shared/contract/export';
import type { AnswerFeedback, FeedbackRating, FeedbackReason } from '../../../shared/contract/feedback';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';
import { downloadInPage, type MetricsFile } from './metricsStore';

export interface FeedbackState {
  /** Feedback given this session, by message id (null: cleared); wins over the message's stored feedback. */
  readonly given: ReadonlyMap<string, AnswerFeedback | null>;
  /** Message ids with a save in flight. */
  readonly saving: ReadonlySet<string>;
  /** The last failure per message, shown next to its buttons. */
  readonly errors: ReadonlyMap<string, AppError>;
  /** "conversation:<id>" or "comparison:<id>" while an export runs. */
  readonly exporting: string | null;
  readonly exportError: AppError | null;
  rate(input: { conversationId: string; messageId: string; rating: FeedbackRating | null; reason?: FeedbackReason | null; note?: string | null }): Promise<void>;
  exportConversation(id: string, format: ExportFormat): Promise<void>;
  exportComparison(id: string, format: ExportFormat): Promise<void>;
}

export type FeedbackStore = StoreApi<FeedbackState>;

export function createFeedbackStore(api: LociApi, deps: { download?: (file: MetricsFile) => void } = {}): FeedbackStore {
  const download = deps.download ?? downloadInPage;
  const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V | undefined): Map<string, V> => {
    const next = new Map(map);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    return next;
  };
  const withFlag = (set: ReadonlySet<string>, key: string, on: boolean): Set<string> => {
    const next = new Set(set);
    if (on) next.add(key);
    else next.delete(key);
    return next;
  };
  return createStore<FeedbackState>()((set, get) => {
    const runExport = async (key: string, call: () => Promise<MetricsFile>): Promise<void> => {
      set({ exporting: key, exportError: null });
      try {
        download(await call());
        set({ exporting: null });
      } catch (error) {
        set({ exporting: null, exportError: toAppError(error) });
      }
    };
    return {
      given: new Map(),
      saving: new Set(),
      errors: new Map(),
      exporting: null,
      exportError: null,
      async rate({ conversationId, messageId, rating, reason = null, note = null }) {
        set({ saving: withFlag(get().saving, messageId, true), errors: withEntry(get().errors, messageId, undefined) });
        try {
          const out = await api.call('chat.feedback', { conversationId, messageId, rating, reason, note });
          set({ given: withEntry(get().given, messageId, out.feedback), saving: withFlag(get().saving, messageId, false) });
        } catch (error) {
          set({ errors: withEntry(get().errors, messageId, toAppError(error)), saving: withFlag(get().saving, messageId, false) });
        }
      },
      exportConversation: (id, format) => runExport(`conversation:${id}`, () => api.call('export.conversation', { id, format })),
      exportComparison: (id, format) => runExport(`comparison:${id}`, () => api.call('export.comparison', { id, format })),
    };
  });
}
