// What a clicked citation shows in Chat: the answer whose passages the sources panel lists, the passage highlighted
// there, and the passage viewer (a cited passage inside its document's text). Messages stay in the chat store, which
// resets this when another conversation opens or a new answer starts. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChatMessage } from '../../../shared/contract/chat';
import type { AppError } from '../../../shared/contract/errors';
import type { DocumentInfo, Passage } from '../../../shared/contract/library';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

/** The passage viewer: a cited passage shown inside its document's extracted text. */
export interface PassageViewer {
  readonly messageId: string;
  /** The citation number, 1-based. */
  readonly n: number;
  readonly passage: Passage;
  readonly loading: boolean;
  readonly document: DocumentInfo | null;
  readonly text: string | null;
  readonly error: AppError | null;
}

export interface CitationsState {
  /** The answer whose passages the sources panel lists; null: the latest answer with passages. */
  readonly sourcesMessageId: string | null;
  /** The citation highlighted in the sources panel. */
  readonly highlighted: number | null;
  readonly viewer: PassageViewer | null;

  /** A citation was clicked: list that answer's passages and highlight passage n. */
  showSource(messageId: string, n: number | null): void;
  /** Opens the passage viewer on passage n of an answer, loading its document's text. */
  openPassage(messageId: string, n: number): Promise<void>;
  closePassage(): void;
  /** Opens the passage's document in its default app (desktop only); a failure shows in the viewer. */
  openDocumentFile(documentId: string): Promise<void>;
  /** A new answer is being written in the open conversation: the sources panel follows it. */
  followLatest(): void;
  /** Another conversation opens (or the open one went): the panel and the viewer start afresh. */
  reset(): void;
}

export type CitationsStore = StoreApi<CitationsState>;

export interface CitationsStoreDeps {
  /** An answer of the open conversation by id (an earlier version or the one being written included); null if none. */
  findMessage(messageId: string): ChatMessage | null;
}

export function createCitationsStore(api: LociApi, deps: CitationsStoreDeps): CitationsStore {
  return createStore<CitationsState>()((set, get) => {
    /** Bumped whenever the viewer closes or another opens: a document's text for an older one is dropped. */
    let viewerSeq = 0;
    return {
      sourcesMessageId: null,
      highlighted: null,
      viewer: null,

      showSource: (messageId, n) => set({ sourcesMessageId: messageId, highlighted: n }),
      async openPassage(messageId, n) {
        const passage = deps.findMessage(messageId)?.passages[n - 1];
        if (!passage) return;
        const seq = ++viewerSeq;
        set({
          sourcesMessageId: messageId,
          highlighted: n,
          viewer: { messageId, n, passage, loading: true, document: null, text: null, error: null },
        });
        try {
          const { document, text } = await api.call('library.documentText', { documentId: passage.documentId });
          if (seq !== viewerSeq) return;
          set({ viewer: { messageId, n, passage, loading: false, document, text, error: null } });
        } catch (error) {
          if (seq !== viewerSeq) return;
          set({ viewer: { messageId, n, passage, loading: false, document: null, text: null, error: toAppError(error) } });
        }
      },
      closePassage() {
        viewerSeq++;
        set({ viewer: null });
      },
      async openDocumentFile(documentId) {
        try {
          await api.call('library.open', { documentId });
        } catch (error) {
          const viewer = get().viewer;
          if (viewer) set({ viewer: { ...viewer, error: toAppError(error) } });
        }
      },
      followLatest: () => set({ sourcesMessageId: null, highlighted: null }),
      reset() {
        viewerSeq++;
        set({ sourcesMessageId: null, highlighted: null, viewer: null });
      },
    };
  });
}
