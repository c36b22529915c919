// The conversation list's view state: the search box's query and the host's matches, and the conversations ticked
// for deleting several at once. Conversation data stays in the chat store. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Conversation, ConversationMatch } from '../../../shared/contract/chat';
import type { AppError } from '../../../shared/contract/errors';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

/** The conversation search: the query, and the host's matches once it answers (null while it runs). */
export interface ConversationSearch {
  readonly query: string;
  readonly matches: readonly ConversationMatch[] | null;
  readonly error: AppError | null;
}

export interface ChatViewState {
  /** The conversation list's search; null when the box is empty. */
  readonly search: ConversationSearch | null;
  /** Conversations ticked for deleting several at once. */
  readonly selected: ReadonlySet<string>;

  /** Searches titles and messages (debounce in the caller); an empty query clears the search. */
  searchConversations(query: string): Promise<void>;
  /** Asks the host again for the current query (after conversations were deleted). */
  searchAgain(): Promise<void>;
  toggleSelected(id: string): void;
  clearSelection(): void;
}

export type ChatViewStore = StoreApi<ChatViewState>;

/** The conversations the list shows: all, or those the search matched (in the host's order). */
export function listedConversations(conversations: readonly Conversation[] | null, search: ConversationSearch | null): readonly Conversation[] | null {
  if (!conversations || !search?.matches) return conversations;
  const byId = new Map(conversations.map((c) => [c.id, c]));
  return search.matches.flatMap((m) => byId.get(m.conversationId) ?? []);
}

export function createChatViewStore(api: LociApi): ChatViewStore {
  let searchSeq = 0;
  return createStore<ChatViewState>()((set, get) => ({
    search: null,
    selected: new Set(),

    async searchConversations(query) {
      const q = query.trim();
      if (!q) return set({ search: null });
      const seq = ++searchSeq;
      set({ search: { query, matches: get().search?.matches ?? null, error: null } });
      try {
        const { matches } = await api.call('chat.search', { query: q });
        if (seq === searchSeq) set({ search: { query, matches, error: null } });
      } catch (error) {
        if (seq === searchSeq) set({ search: { query, matches: null, error: toAppError(error) } });
      }
    },
    async searchAgain() {
      const search = get().search;
      if (search) await get().searchConversations(search.query);
    },
    toggleSelected(id) {
      const selected = get().selected;
      const next = new Set(selected);
      if (selected.has(id)) next.delete(id);
      else next.add(id);
      set({ selected: next });
    },
    clearSelection: () => set({ selected: new Set() }),
  }));
}
