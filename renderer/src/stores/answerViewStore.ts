// How each answer shows in Chat: whether its prompt panel is open (or every one, from the top bar), and which of its
// versions is on screen. Messages stay in the chat store, which closes the prompt panels when another conversation
// opens and an answer's own when it is written again. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AnswerVersion, ChatMessage } from '../../../shared/contract/chat';

export interface AnswerViewState {
  /** Answers whose prompt panel is open. */
  readonly promptsShown: ReadonlySet<string>;
  /** The top bar's "Show prompt": every answer's prompt panel open. */
  readonly showAllPrompts: boolean;
  /** Which version of an answer is shown, by message id: an index into [...versions, the latest]; absent: the latest. */
  readonly versionShown: ReadonlyMap<string, number>;

  togglePrompt(messageId: string): void;
  /** Off also closes the panels opened one by one. */
  setShowAllPrompts(show: boolean): void;
  /** Shows version `index` of an answer (0 = the oldest); clamped to those that exist. */
  showVersion(messageId: string, index: number): void;
  /** The answer is being written again: its prompt panel closes. */
  hidePrompt(messageId: string): void;
  /** Another conversation opens: every prompt panel opened one by one closes. */
  hidePrompts(): void;
}

export type AnswerViewStore = StoreApi<AnswerViewState>;

export interface AnswerViewStoreDeps {
  /** An answer of the open conversation by id (an earlier version or the one being written included); null if none. */
  findMessage(messageId: string): ChatMessage | null;
}

/** An answer's versions, oldest first, the latest last. */
export const answerVersions = (message: ChatMessage): AnswerVersion[] => [...(message.versions ?? []), message];

/** The version of an answer on screen and where it is among them (1-based `n` of `total`). */
export function selectShownVersion(state: Pick<AnswerViewState, 'versionShown'>, message: ChatMessage): { version: AnswerVersion; n: number; total: number } {
  return shownVersionOf(message, state.versionShown.get(message.id));
}

/** Version `wanted` of an answer (an index into [...versions, the latest]; undefined: the latest), clamped. */
export function shownVersionOf(message: ChatMessage, wanted: number | undefined): { version: AnswerVersion; n: number; total: number } {
  const all = answerVersions(message);
  const index = wanted === undefined ? all.length - 1 : Math.min(Math.max(wanted, 0), all.length - 1);
  return { version: all[index]!, n: index + 1, total: all.length };
}

const withoutSetEntry = <T>(set: ReadonlySet<T>, value: T): Set<T> => {
  const next = new Set(set);
  next.delete(value);
  return next;
};

export function createAnswerViewStore(deps: AnswerViewStoreDeps): AnswerViewStore {
  return createStore<AnswerViewState>()((set, get) => ({
    promptsShown: new Set(),
    showAllPrompts: false,
    versionShown: new Map(),

    togglePrompt(messageId) {
      const shown = get().promptsShown;
      set({ promptsShown: shown.has(messageId) ? withoutSetEntry(shown, messageId) : new Set(shown).add(messageId) });
    },
    setShowAllPrompts: (show) => set({ showAllPrompts: show, ...(show ? {} : { promptsShown: new Set() }) }),
    showVersion(messageId, index) {
      const message = deps.findMessage(messageId);
      if (!message) return;
      const last = message.versions?.length ?? 0;
      set({ versionShown: new Map(get().versionShown).set(messageId, Math.min(Math.max(index, 0), last)) });
    },
    hidePrompt(messageId) {
      if (get().promptsShown.has(messageId)) set({ promptsShown: withoutSetEntry(get().promptsShown, messageId) });
    },
    hidePrompts: () => set({ promptsShown: new Set() }),
  }));
}
