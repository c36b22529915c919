// The question box's text: one draft per conversation, saved in storage on every change so a reload or crash keeps
// what was typed; the chat store says which conversation's draft the box shows. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const DRAFT_KEY_PREFIX = 'loci.chat.draft.';

export interface ChatDraftState {
  /** The conversation whose draft the box shows; null while none is open. */
  readonly conversationId: string | null;
  /** The shown conversation's draft (also saved in storage on every change). */
  readonly draft: string;

  setDraft(text: string): void;
  /** Shows a conversation's saved draft (the chat store calls this when it opens one); null: none open. */
  show(conversationId: string | null): void;
  /** A conversation's saved draft, null when none was saved. */
  saved(conversationId: string): string | null;
  /** The host stored the question: the draft goes, unless more was typed meanwhile. */
  clearIfUnchanged(conversationId: string, sent: string): void;
  /** Drops a deleted conversation's draft. */
  forget(conversationId: string): void;
}

export type ChatDraftStore = StoreApi<ChatDraftState>;

/** localStorage in the page; none in Node tests or where the browser disables it. */
export const browserStorage = (): DraftStorage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage can be disabled in a browser
  }
};

/** Reads and writes that never throw: a full or disabled storage only loses the saved copy. */
export function safeStorage(storage: DraftStorage | null): { read(key: string): string | null; write(key: string, value: string | null): void } {
  return {
    read(key) {
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    write(key, value) {
      try {
        if (value === null || value === '') storage?.removeItem(key);
        else storage?.setItem(key, value);
      } catch {
        // a full or disabled storage only loses the draft's copy; the box still holds it
      }
    },
  };
}

export function createChatDraftStore(deps: { storage?: DraftStorage | null } = {}): ChatDraftStore {
  const { read, write } = safeStorage(deps.storage === undefined ? browserStorage() : deps.storage);
  const draftKey = (conversationId: string): string => `${DRAFT_KEY_PREFIX}${conversationId}`;

  return createStore<ChatDraftState>()((set, get) => ({
    conversationId: null,
    draft: '',

    setDraft(text) {
      set({ draft: text });
      const id = get().conversationId;
      if (id) write(draftKey(id), text);
    },
    show(conversationId) {
      set({ conversationId, draft: conversationId ? (read(draftKey(conversationId)) ?? '') : '' });
    },
    saved: (conversationId) => read(draftKey(conversationId)),
    clearIfUnchanged(conversationId, sent) {
      const shown = get().conversationId === conversationId;
      const saved = shown ? get().draft : (read(draftKey(conversationId)) ?? '');
      if (saved.trim() !== sent.trim()) return; // typed on meanwhile: keep what is there
      write(draftKey(conversationId), null);
      if (shown) set({ draft: '' });
    },
    forget(conversationId) {
      write(draftKey(conversationId), null);
    },
  }));
}
