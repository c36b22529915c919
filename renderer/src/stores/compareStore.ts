// The compare domain: the form (collection, question, 2-4 variants, run mode, blind), the comparison on screen
// (streamed per column, or opened from history) with the earlier turns of its thread and a follow-up question,
// votes (winner or tie) and ratings, past comparisons and the leaderboard. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PromptTemplateInfo } from '../../../shared/contract/chat';
import { applyComparePatch, type Comparison, type ComparisonSummary, type LeaderboardEntry, type RunMode, type Variant } from '../../../shared/contract/compare';
import type { AppError } from '../../../shared/contract/errors';
import { canAnswer, type ModelInfo } from '../../../shared/contract/models';
import type { LociApi, LociStream } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 4;

/** A variant as the form holds it: '' means "not chosen": the n-th installed model, or the default prompt. */
export interface VariantDraft {
  readonly model: string;
  readonly promptTemplate: string;
}

export interface CompareForm {
  /** Null: the library's selected collection. */
  readonly collectionId: string | null;
  readonly question: string;
  readonly variants: readonly VariantDraft[];
  readonly mode: RunMode;
  /** Arena mode: the host shuffles the columns and the names stay hidden until a vote. */
  readonly blind: boolean;
}

/** A run in flight. */
export interface CompareRun {
  /** `retrieving` until the comparison (passages, prompts) arrives. */
  readonly phase: 'retrieving' | 'generating';
  /** Stop was pressed; the host has not answered yet. */
  readonly stopping: boolean;
}

/** What the form refused before anything was sent. */
export interface FormError {
  readonly field: 'collection' | 'question' | 'variants';
  readonly message: string;
}

export interface CompareState {
  readonly form: CompareForm;
  readonly formError: FormError | null;
  /** Prompt templates (chat.promptTemplates); null until they load. */
  readonly templates: readonly PromptTemplateInfo[] | null;
  readonly templatesError: AppError | null;
  /** The comparison on screen: the one running or just run, or one opened from history. */
  readonly current: Comparison | null;
  /** The turns before `current` in its thread (follow-ups), root first; empty for a single question. */
  readonly thread: readonly Comparison[];
  /** The follow-up question being typed under the comparison. */
  readonly followUp: string;
  /** Non-null while a run streams. */
  readonly run: CompareRun | null;
  /** Why the last run failed as a whole (no collection, bad input, connection lost…). */
  readonly runError: AppError | null;
  /** Newest first; null until loaded. */
  readonly history: readonly ComparisonSummary[] | null;
  readonly historyError: AppError | null;
  /** The comparison being fetched from history. */
  readonly opening: string | null;
  readonly leaderboard: readonly LeaderboardEntry[] | null;
  readonly leaderboardError: AppError | null;
  /** The last winner, rating, open or delete that failed, until the next one. */
  readonly actionError: AppError | null;

  /** Prompt templates, history and leaderboard. Never rejects. */
  load(): Promise<void>;
  refreshHistory(): Promise<void>;
  refreshLeaderboard(): Promise<void>;

  setCollection(id: string): void;
  setQuestion(question: string): void;
  setMode(mode: RunMode): void;
  setBlind(blind: boolean): void;
  setFollowUp(text: string): void;
  /** Asks the follow-up in every column of the comparison on screen, each continuing its own answers. */
  askFollowUp(): Promise<void>;
  /** Votes a tie on the comparison on screen (again: clears it). */
  toggleTie(): Promise<void>;
  setVariant(index: number, patch: Partial<VariantDraft>): void;
  addVariant(): void;
  removeVariant(index: number): void;

  /** Runs the form's comparison; resolves when it ends (stopped or failed included). */
  runComparison(): Promise<void>;
  /** Stops the run; the host keeps what arrived, marked incomplete. */
  stop(): void;
  /** Shows a past comparison. */
  open(id: string): Promise<void>;
  /** Clears the results (back to an empty form). */
  closeCurrent(): void;
  /** Marks a column the winner, or clears it when it already is. */
  toggleWinner(column: number): Promise<void>;
  /** 1..5 stars, or null to clear. */
  rate(column: number, rating: number | null): Promise<void>;
  deleteComparison(id: string): Promise<void>;
}

export type CompareStore = StoreApi<CompareState>;

type RunInput = { collectionId: string; question: string; variants: Variant[]; mode: RunMode; blind?: boolean; temperature?: number; followUpOf?: string };

export interface CompareStoreDeps {
  installedModels(): readonly ModelInfo[] | null;
  /** The library's selected collection. */
  defaultCollectionId(): string | null;
  /** Settings' prompt template ("id@version"). */
  defaultPromptTemplate(): string;
}

export const templateKey = (t: Pick<PromptTemplateInfo, 'id' | 'version'>): string => `${t.id}@${t.version}`;

/**
 * The variants a run sends: a blank model becomes the n-th installed model (so two fresh variants compare two
 * different models when there are two), a blank prompt the default template when it exists, else the first one.
 */
export function resolveVariants(
  drafts: readonly VariantDraft[],
  installed: readonly string[],
  templates: readonly PromptTemplateInfo[] | null,
  defaultTemplate: string,
): Variant[] {
  const keys = (templates ?? []).map(templateKey);
  const fallbackTemplate = keys.length === 0 || keys.includes(defaultTemplate) ? defaultTemplate : keys[0]!;
  return drafts.map((d, i) => ({
    model: d.model || (installed.length > 0 ? installed[i % installed.length]! : ''),
    promptTemplate: d.promptTemplate || fallbackTemplate,
  }));
}

/** A comparison has a vote: a winner or a tie. */
export const isVoted = (c: Pick<Comparison, 'winner' | 'tie'>): boolean => c.winner !== null || c.tie === true;

/** Blind mode hides which model wrote which column until a turn of the thread has a vote. */
export function selectNamesHidden(state: Pick<CompareState, 'current' | 'thread'>): boolean {
  const { current, thread } = state;
  if (!current?.blind) return false;
  return !isVoted(current) && !thread.some(isVoted);
}

const INITIAL_FORM: CompareForm = {
  collectionId: null,
  question: '',
  variants: [
    { model: '', promptTemplate: '' },
    { model: '', promptTemplate: '' },
  ],
  mode: 'sequential',
  blind: false,
};

export function createCompareStore(api: LociApi, deps: CompareStoreDeps): CompareStore {
  return createStore<CompareState>()((set, get) => {
    let handle: LociStream<Comparison> | null = null;
    let openSeq = 0;

    const resolveDrafts = (drafts: readonly VariantDraft[]): Variant[] =>
      resolveVariants(
        drafts,
        (deps.installedModels() ?? []).filter(canAnswer).map((m) => m.key),
        get().templates,
        deps.defaultPromptTemplate(),
      );
    /** The variants with their blanks filled, so adding or removing one does not shift the others' defaults. */
    const materialized = (): VariantDraft[] => resolveDrafts(get().form.variants);
    const setForm = (patch: Partial<CompareForm>): void => set({ form: { ...get().form, ...patch }, formError: null });

    /** Applies a change to the comparison on screen when it is still the one shown. */
    const patchCurrent = (id: string, patch: (c: Comparison) => Comparison): void => {
      const current = get().current;
      if (current?.id === id) set({ current: patch(current) });
    };
    const isRunning = (id: string): boolean => get().run !== null && get().current?.id === id;

    const refreshHistory = async (): Promise<void> => {
      try {
        const { comparisons } = await api.call('compare.list', {});
        set({ history: comparisons, historyError: null });
      } catch (error) {
        set({ historyError: toAppError(error) });
      }
    };
    const refreshLeaderboard = async (): Promise<void> => {
      try {
        const { entries } = await api.call('compare.leaderboard', {});
        set({ leaderboard: entries, leaderboardError: null });
      } catch (error) {
        set({ leaderboardError: toAppError(error) });
      }
    };
    /** Streams one compare.run; `thread` is what stays above it on screen (a follow-up's earlier turns). */
    const startRun = async (input: RunInput, thread: readonly Comparison[], onStarted?: () => void): Promise<void> => {
      set({ run: { phase: 'retrieving', stopping: false }, current: null, thread, runError: null, formError: null, actionError: null });
      openSeq++; // a history item being opened must not replace the run
      const stream = api.stream('compare.run', input, (patch) => {
        const current = applyComparePatch(get().current, patch);
        if (!current) return;
        const run = get().run;
        set({ current, ...(run && run.phase !== 'generating' ? { run: { ...run, phase: 'generating' } } : {}) });
      });
      handle = stream;
      onStarted?.();
      try {
        const result = await stream.result;
        set({ current: result });
      } catch (error) {
        const appError = toAppError(error);
        // the host stored what it could (stopped or broken runs): show that
        const id = get().current?.id;
        if (id) {
          try {
            const stored = await api.call('compare.get', { id });
            patchCurrent(id, () => stored);
          } catch {
            // keep what streamed
          }
        } else if (thread.length > 0) {
          // nothing started: the thread's last turn is on screen again
          set({ current: thread.at(-1)!, thread: thread.slice(0, -1) });
        }
        if (appError.code !== 'CANCELLED') set({ runError: appError });
      } finally {
        handle = null;
        set({ run: null });
      }
      await Promise.all([refreshHistory(), refreshLeaderboard()]);
    };

    const loadTemplates = async (): Promise<void> => {
      try {
        const { templates } = await api.call('chat.promptTemplates', {});
        set({ templates, templatesError: null });
      } catch (error) {
        set({ templatesError: toAppError(error) });
      }
    };

    return {
      form: INITIAL_FORM,
      formError: null,
      templates: null,
      templatesError: null,
      current: null,
      thread: [],
      followUp: '',
      run: null,
      runError: null,
      history: null,
      historyError: null,
      opening: null,
      leaderboard: null,
      leaderboardError: null,
      actionError: null,

      async load() {
        await Promise.all([loadTemplates(), refreshHistory(), refreshLeaderboard()]);
      },
      refreshHistory,
      refreshLeaderboard,

      setCollection: (collectionId) => setForm({ collectionId }),
      setQuestion: (question) => setForm({ question }),
      setMode: (mode) => setForm({ mode }),
      setBlind: (blind) => setForm({ blind }),
      setFollowUp: (followUp) => set({ followUp }),
      setVariant(index, patch) {
        setForm({ variants: get().form.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) });
      },
      addVariant() {
        const variants = materialized();
        if (variants.length >= MAX_VARIANTS) return;
        setForm({ variants: [...variants, { model: '', promptTemplate: '' }] });
      },
      removeVariant(index) {
        const variants = materialized();
        if (variants.length <= MIN_VARIANTS) return;
        setForm({ variants: variants.filter((_, i) => i !== index) });
      },

      async runComparison() {
        if (get().run) return;
        const { form } = get();
        const question = form.question.trim();
        const collectionId = form.collectionId ?? deps.defaultCollectionId();
        const variants = resolveDrafts(form.variants);
        if (!collectionId) return set({ formError: { field: 'collection', message: 'Choose a collection' } });
        if (!question) return set({ formError: { field: 'question', message: 'Type a question' } });
        if (variants.some((v) => !v.model)) return set({ formError: { field: 'variants', message: 'Choose a model for every variant (no model is installed yet)' } });

        await startRun({ collectionId, question, variants, mode: form.mode, ...(form.blind ? { blind: true } : {}) }, []);
      },

      async askFollowUp() {
        const current = get().current;
        const question = get().followUp.trim();
        if (get().run || !current || !question) return;
        const thread = [...get().thread, current];
        await startRun(
          { collectionId: current.collectionId, question, variants: current.columns.map((c) => c.variant), mode: current.mode, temperature: current.temperature, followUpOf: current.id },
          thread,
          () => set({ followUp: '' }),
        );
      },

      async toggleTie() {
        const current = get().current;
        if (!current || isRunning(current.id)) return;
        const before = { winner: current.winner, tie: current.tie === true };
        const tie = !before.tie;
        set({ actionError: null });
        patchCurrent(current.id, (c) => ({ ...c, winner: tie ? null : c.winner, tie }));
        try {
          const saved = await api.call('compare.setWinner', { id: current.id, column: tie ? 'tie' : null });
          patchCurrent(current.id, (c) => ({ ...c, winner: saved.winner, tie: saved.tie === true }));
        } catch (error) {
          patchCurrent(current.id, (c) => ({ ...c, ...before }));
          set({ actionError: toAppError(error) });
        }
        await Promise.all([refreshHistory(), refreshLeaderboard()]);
      },

      stop() {
        const run = get().run;
        if (!handle || !run) return;
        set({ run: { ...run, stopping: true } });
        handle.cancel();
      },

      async open(id) {
        if (get().run) return;
        const seq = ++openSeq;
        set({ opening: id, actionError: null });
        try {
          const { comparisons } = await api.call('compare.thread', { id });
          const comparison = comparisons.at(-1);
          if (seq === openSeq && comparison) set({ current: comparison, thread: comparisons.slice(0, -1), runError: null, followUp: '' });
        } catch (error) {
          if (seq === openSeq) set({ actionError: toAppError(error) });
        } finally {
          if (seq === openSeq) set({ opening: null });
        }
      },

      closeCurrent() {
        if (get().run) return;
        openSeq++;
        set({ current: null, thread: [], followUp: '', runError: null, opening: null });
      },

      async toggleWinner(column) {
        const current = get().current;
        if (!current || isRunning(current.id)) return;
        const previous = current.winner;
        const winner = previous === column ? null : column;
        set({ actionError: null });
        const previousTie = current.tie === true;
        patchCurrent(current.id, (c) => ({ ...c, winner, tie: false }));
        try {
          const saved = await api.call('compare.setWinner', { id: current.id, column: winner });
          patchCurrent(current.id, (c) => ({ ...c, winner: saved.winner, tie: saved.tie === true }));
        } catch (error) {
          patchCurrent(current.id, (c) => ({ ...c, winner: previous, tie: previousTie }));
          set({ actionError: toAppError(error) });
        }
        await Promise.all([refreshHistory(), refreshLeaderboard()]);
      },

      async rate(column, rating) {
        const current = get().current;
        if (!current || isRunning(current.id) || !current.columns[column]) return;
        const previous = current.columns[column].rating;
        const withRating = (c: Comparison, value: number | null): Comparison => ({ ...c, columns: c.columns.map((col, i) => (i === column ? { ...col, rating: value } : col)) });
        set({ actionError: null });
        patchCurrent(current.id, (c) => withRating(c, rating));
        try {
          const saved = await api.call('compare.rate', { id: current.id, column, rating });
          patchCurrent(current.id, (c) => withRating(c, saved.columns[column]?.rating ?? null));
        } catch (error) {
          patchCurrent(current.id, (c) => withRating(c, previous));
          set({ actionError: toAppError(error) });
        }
        await refreshLeaderboard();
      },

      async deleteComparison(id) {
        if (isRunning(id)) return;
        set({ actionError: null });
        try {
          await api.call('compare.delete', { id });
          const history = get().history;
          set({ history: history ? history.filter((c) => c.id !== id) : history });
          if (get().current?.id === id) set({ current: null, thread: [] });
          else if (get().thread.some((c) => c.id === id)) set({ thread: get().thread.filter((c) => c.id !== id) });
        } catch (error) {
          set({ actionError: toAppError(error) });
        }
        await Promise.all([refreshHistory(), refreshLeaderboard()]);
      },
    };
  });
}
