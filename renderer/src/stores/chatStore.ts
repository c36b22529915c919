// The chat domain: conversations, the open one's finished messages, answers being streamed (kept apart, per
// conversation, so a token re-renders one bubble), pulling a missing model (through the models store, which owns
// every pull) and answering again. What the Chat view shows of them lives in view stores it is handed (the list's
// search, drafts, citations, each answer's prompt and version) and resets. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyChatPatch, type AnswerPhase, type ChatMessage, type Conversation, type ConversationPatch } from '../../../shared/contract/chat';
import type { AppError } from '../../../shared/contract/errors';
import { parseModelKey, type PullProgress } from '../../../shared/contract/models';
import type { LociApi, LociStream } from '../api/lociApi';
import type { ChatViewStore } from './chatViewStore';
import type { CitationsStore } from './citationsStore';
import type { AnswerViewStore } from './answerViewStore';
import { browserStorage, safeStorage, type ChatDraftStore, type DraftStorage } from './chatDraftStore';
import { selectLatestPull, type ModelPull, type ModelsState } from './modelsStore';
import { toAppError } from '../lib/errors';

/** An answer being written. Lives apart from the finished messages until the stream ends. */
export interface StreamingAnswer {
  readonly conversationId: string;
  /** The answer this one replaces (Regenerate, Retry, Answer without documents); null for a new question. */
  readonly regenerating: string | null;
  readonly withoutDocuments: boolean;
  readonly phase: AnswerPhase;
  /** The answer's id, model, passages and prompt, once retrieval is done. */
  readonly assistant: ChatMessage | null;
  /** The text so far. */
  readonly content: string;
  /** Stop was pressed; the host has not answered yet. */
  readonly stopping: boolean;
}

/** A missing model's pull as an answer's error box shows it (read from the models store's pulls). */
export interface ModelPullView {
  readonly model: string;
  readonly state: 'pulling' | 'failed';
  /** The latest progress item (per layer), null until the first. */
  readonly progress: PullProgress | null;
  readonly error: AppError | null;
}

/** The latest pull of an answer's model (key `engine:name`) while it runs or after it failed; null otherwise. */
export function selectModelPull(models: Pick<ModelsState, 'pulls'>, model: string): ModelPullView | null {
  const ref = parseModelKey(model);
  if (ref.engine !== 'ollama') return null;
  const pull = selectLatestPull(models, ref.name);
  if (pull?.state === 'running') return { model, state: 'pulling', progress: pull.progress, error: null };
  if (pull?.state === 'failed') return { model, state: 'failed', progress: pull.progress, error: pull.error };
  return null;
}

/** A send that failed before anything was stored, or a regeneration the host refused. */
export interface SendFailure {
  /** Null when no conversation could be opened to send in. */
  readonly conversationId: string | null;
  readonly error: AppError;
}

export interface ChatState {
  /** Pinned first, then by last activity; null until the first list answers. */
  readonly conversations: readonly Conversation[] | null;
  readonly conversationsError: AppError | null;
  readonly openId: string | null;
  /** The open conversation as the host last returned it. */
  readonly conversation: Conversation | null;
  /** The open conversation's finished messages; null while they load. */
  readonly messages: readonly ChatMessage[] | null;
  readonly conversationError: AppError | null;
  /** Answers being written, by conversation id. */
  readonly streaming: ReadonlyMap<string, StreamingAnswer>;
  readonly sendFailure: SendFailure | null;
  /** Why the last change to the open conversation's settings failed. */
  readonly updateError: AppError | null;

  /** Lists conversations and opens the remembered (else the latest) one. Never rejects. */
  load(): Promise<void>;
  refreshConversations(): Promise<void>;
  /** After load: opens a new conversation when none is open (the screen always has one to type into). */
  ensureConversation(): Promise<void>;
  openConversation(id: string): Promise<void>;
  /** Opens a new conversation (the open one when it is still empty), over the open conversation's collection. */
  newConversation(): Promise<void>;
  /** Rejects with the AppError (INVALID_INPUT for an empty title). */
  renameConversation(id: string, title: string): Promise<void>;
  /** Rejects with the AppError. */
  deleteConversation(id: string): Promise<void>;
  /** Changes the open conversation's model, temperature, context length or collection. */
  updateConversation(patch: ConversationPatch): Promise<void>;
  /** Pins or unpins a conversation (pinned ones list first). Rejects with the AppError. */
  setPinned(id: string, pinned: boolean): Promise<void>;
  /** Deletes the conversations ticked in the list (chatViewStore). Rejects with the AppError. */
  deleteSelected(): Promise<void>;

  /** Asks a question in the open conversation. The draft (chatDraftStore) is cleared once the host has stored the question. */
  send(text: string): Promise<void>;
  /** Stops the open conversation's answer; the host keeps the partial answer, marked incomplete. */
  stop(): void;
  /**
   * Replaces a question by new text and answers it; the host drops every later message (the caller confirms that
   * with the user first).
   */
  editAndResend(messageId: string, text: string): Promise<void>;
  /** Writes an answer again (Regenerate, Retry); one given without documents, again without them. The old one stays a version. */
  regenerate(messageId: string): Promise<void>;
  /** Writes a cached answer afresh (skipping the cache; not counted as a regenerate). */
  answerFresh(messageId: string): Promise<void>;
  /** Answers a no-context question from the model alone; the answer is labelled as not from the documents. */
  answerWithoutDocuments(messageId: string): Promise<void>;
  /** Pulls the model an answer was missing (through the models store, so Models lists it), then writes the answer again. */
  pullModel(messageId: string): Promise<void>;
  dismissSendFailure(): void;
}

export type ChatStore = StoreApi<ChatState>;

export interface ChatStoreDeps {
  /** The collection a new conversation searches when none is open (the library's selection). */
  defaultCollectionId(): string | null;
  /** Where the open conversation is remembered; localStorage in the page, none in Node tests. */
  storage?: DraftStorage | null;
  /** The question box's drafts: the open conversation's is shown, a deleted one's forgotten. */
  drafts: ChatDraftStore;
  /** The conversation list's search and ticked conversations. */
  view: ChatViewStore;
  /** The sources panel and the passage viewer: they start afresh in another conversation and follow a new answer. */
  citations: CitationsStore;
  /** Each answer's prompt panel and shown version: the panels close in another conversation, and on an answer written again. */
  answerView: AnswerViewStore;
  /** Pulls an Ollama model by name through the models store; resolves with the finished pull. */
  pullModel(name: string): Promise<Pick<ModelPull, 'state'>>;
}

export const OPEN_CONVERSATION_KEY = 'loci.chat.open';
const FALLBACK_COLLECTION_ID = 'default';

/**
 * The answer whose passages the sources panel lists: the chosen one (`sourcesMessageId`, citationsStore), else the
 * answer being written, else the latest with passages.
 */
export function selectSourcesMessage(state: ChatState, sourcesMessageId: string | null): ChatMessage | null {
  const messages = state.messages ?? [];
  const streaming = state.openId ? state.streaming.get(state.openId) : undefined;
  if (sourcesMessageId) {
    const chosen = findWithVersions(messages, sourcesMessageId) ?? (streaming?.assistant?.id === sourcesMessageId ? streaming.assistant : null);
    if (chosen) return chosen;
  }
  if (streaming?.assistant && streaming.assistant.passages.length > 0) return streaming.assistant;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && m.passages.length > 0) return m;
  }
  return null;
}

/** The open conversation's answer being written, if any. */
export const selectOpenStreaming = (state: ChatState): StreamingAnswer | null => (state.openId ? (state.streaming.get(state.openId) ?? null) : null);

/** A message of the open conversation by id: a finished one, an earlier version of an answer, or the answer being written. */
export function selectMessage(state: ChatState, messageId: string): ChatMessage | null {
  const found = findWithVersions(state.messages ?? [], messageId);
  if (found) return found;
  const streaming = selectOpenStreaming(state);
  return streaming?.assistant?.id === messageId ? streaming.assistant : null;
}

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> => new Map(map).set(key, value);
const withoutEntry = <K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> => {
  const next = new Map(map);
  next.delete(key);
  return next;
};

/** A message by id, or an earlier version of an answer (its citations and prompt stay viewable). */
const findWithVersions = (messages: readonly ChatMessage[], id: string): ChatMessage | null => {
  for (const m of messages) {
    if (m.id === id) return m;
    const version = m.versions?.find((v) => v.id === id);
    if (version) return version;
  }
  return null;
};

/** The messages before one (edit and resend drops it and everything after). */
const messagesBefore = (messages: readonly ChatMessage[], messageId: string): ChatMessage[] => {
  const index = messages.findIndex((m) => m.id === messageId);
  return index < 0 ? [...messages] : messages.slice(0, index);
};

/** Adds or replaces (by id) a message, keeping the host's order: a new one goes last, as the host appends it. */
const putMessage = (messages: readonly ChatMessage[], message: ChatMessage): ChatMessage[] => {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index < 0) return [...messages, message];
  const next = [...messages];
  next[index] = message;
  return next;
};

export function createChatStore(api: LociApi, deps: ChatStoreDeps): ChatStore {
  const { read, write } = safeStorage(deps.storage === undefined ? browserStorage() : deps.storage);
  const { drafts, view, citations, answerView } = deps;

  return createStore<ChatState>()((set, get) => {
    /** Bumped whenever another conversation is opened: an answer for an older one is dropped. */
    let openSeq = 0;
    let initialLoad: Promise<void> | null = null;
    let creating: Promise<void> | null = null;
    const handles = new Map<string, LociStream<unknown>>();

    const patchStreaming = (conversationId: string, patch: (answer: StreamingAnswer) => Partial<StreamingAnswer>): void => {
      const answer = get().streaming.get(conversationId);
      if (answer) set({ streaming: withEntry(get().streaming, conversationId, { ...answer, ...patch(answer) }) });
    };

    const replaceConversation = (conversation: Conversation): void => {
      const list = get().conversations;
      set({
        conversations: list ? list.map((c) => (c.id === conversation.id ? conversation : c)) : list,
        ...(get().openId === conversation.id ? { conversation } : {}),
      });
    };

    const refreshConversations = async (): Promise<void> => {
      try {
        const { conversations } = await api.call('chat.conversations', {});
        const open = conversations.find((c) => c.id === get().openId);
        set({ conversations, conversationsError: null, ...(open ? { conversation: open } : {}) });
      } catch (error) {
        set({ conversationsError: toAppError(error) });
      }
    };

    /** Fetches a conversation's messages again (after Stop or a failure: the host stored what it could). */
    const reloadOpen = async (conversationId: string, alsoSet: () => Partial<ChatState> = () => ({})): Promise<void> => {
      if (get().openId !== conversationId) {
        set(alsoSet());
        return;
      }
      const seq = openSeq;
      try {
        const { conversation, messages } = await api.call('chat.conversation', { id: conversationId });
        if (seq !== openSeq) {
          set(alsoSet());
          return;
        }
        set({ conversation, messages, conversationError: null, ...alsoSet() });
      } catch (error) {
        set({ ...(seq === openSeq ? { conversationError: toAppError(error) } : {}), ...alsoSet() });
      }
    };

    const openConversation = async (id: string): Promise<void> => {
      const seq = ++openSeq;
      write(OPEN_CONVERSATION_KEY, id);
      drafts.getState().show(id);
      citations.getState().reset();
      answerView.getState().hidePrompts();
      set({
        openId: id,
        conversation: get().conversations?.find((c) => c.id === id) ?? null,
        messages: null,
        conversationError: null,
        updateError: null,
      });
      try {
        const { conversation, messages } = await api.call('chat.conversation', { id });
        if (seq !== openSeq) return;
        set({ conversation, messages });
      } catch (error) {
        if (seq !== openSeq) return;
        const appError = toAppError(error);
        set({ conversationError: appError, messages: [] });
        // deleted elsewhere: show what exists
        if (appError.code === 'NOT_FOUND') {
          write(OPEN_CONVERSATION_KEY, null);
          await refreshConversations();
        }
      }
    };

    const load = async (): Promise<void> => {
      await refreshConversations();
      const list = get().conversations;
      if (!list || get().openId !== null) return;
      const remembered = read(OPEN_CONVERSATION_KEY);
      const target = list.find((c) => c.id === remembered) ?? list[0];
      if (target) await openConversation(target.id);
    };

    const createConversation = async (): Promise<void> => {
      const collectionId = get().conversation?.collectionId ?? deps.defaultCollectionId() ?? FALLBACK_COLLECTION_ID;
      const conversation = await api.call('chat.create', { collectionId, model: get().conversation?.model ?? null });
      set({ conversations: [conversation, ...(get().conversations ?? []).filter((c) => c.id !== conversation.id)] });
      await openConversation(conversation.id);
    };

    /** The open conversation was deleted: open the next one left, or a new one. */
    const leaveForNext = async (rest: readonly Conversation[]): Promise<void> => {
      openSeq++;
      write(OPEN_CONVERSATION_KEY, null);
      drafts.getState().show(null);
      citations.getState().reset();
      set({ openId: null, conversation: null, messages: null });
      const next = rest[0];
      if (next) await openConversation(next.id);
      else await get().newConversation();
    };

    /** Runs chat.send for a conversation, keeping the answer apart until it ends. */
    const runAnswer = async (conversationId: string, input: { text?: string; regenerateMessageId?: string; editMessageId?: string; withoutDocuments?: boolean; fresh?: boolean }): Promise<void> => {
      if (get().streaming.has(conversationId)) return;
      const regenerating = input.regenerateMessageId ?? null;
      const failure = get().sendFailure;
      const open = get().openId === conversationId;
      // the sources panel follows the new answer
      if (open) citations.getState().followLatest();
      // the host replaces the old answer: its prompt panel closes with it
      if (regenerating && open && get().messages) answerView.getState().hidePrompt(regenerating);
      set({
        streaming: withEntry(get().streaming, conversationId, {
          conversationId,
          regenerating,
          withoutDocuments: input.withoutDocuments ?? false,
          phase: 'retrieving',
          assistant: null,
          content: '',
          stopping: false,
        }),
        ...(failure?.conversationId === conversationId ? { sendFailure: null } : {}),
        // the host replaces the old answer: it leaves the list now, the new one streams below
        ...(regenerating && open && get().messages ? { messages: get().messages!.filter((m) => m.id !== regenerating) } : {}),
        // edit and resend: the edited question and every later message go now, as the host drops them
        ...(input.editMessageId && open && get().messages
          ? { messages: messagesBefore(get().messages!, input.editMessageId) }
          : {}),
      });
      const sentText = input.text ?? null;
      let handle: LociStream<{ message: ChatMessage }>;
      try {
        handle = api.stream('chat.send', { conversationId, ...input, withoutDocuments: input.withoutDocuments ?? false }, (patch) => {
          if (patch.userMessage) {
            const question = patch.userMessage;
            // [Note: drafts] The draft goes only now that the host has stored the question: a failed send, a
            // crash or a reload before this point leaves the text in the box.
            if (sentText !== null) drafts.getState().clearIfUnchanged(conversationId, sentText);
            if (get().openId === conversationId && get().messages) set({ messages: putMessage(get().messages!, question) });
            void refreshConversations(); // the first question names the conversation
          }
          patchStreaming(conversationId, (answer) => applyChatPatch(answer, patch));
        });
      } catch (error) {
        set({ streaming: withoutEntry(get().streaming, conversationId), sendFailure: { conversationId, error: toAppError(error) } });
        return;
      }
      handles.set(conversationId, handle);
      try {
        const { message } = await handle.result;
        // one update: the finished message replaces the streaming bubble in the same render
        const open = get().openId === conversationId && get().messages !== null;
        set({
          streaming: withoutEntry(get().streaming, conversationId),
          ...(open ? { messages: putMessage(get().messages!, message) } : {}),
        });
      } catch (error) {
        const appError = toAppError(error);
        // Stopped or failed: the host stored what it could (the question; a stopped answer, marked incomplete).
        await reloadOpen(conversationId, () => ({
          streaming: withoutEntry(get().streaming, conversationId),
          ...(appError.code === 'CANCELLED' ? {} : { sendFailure: { conversationId, error: appError } }),
        }));
      } finally {
        handles.delete(conversationId);
      }
      void refreshConversations();
    };

    const findMessage = (messageId: string): ChatMessage | null => selectMessage(get(), messageId);

    return {
      conversations: null,
      conversationsError: null,
      openId: null,
      conversation: null,
      messages: null,
      conversationError: null,
      streaming: new Map(),
      sendFailure: null,
      updateError: null,

      load() {
        initialLoad ??= load().then(() => {
          if (get().conversations === null) initialLoad = null; // failed: the next call tries again
        });
        return initialLoad;
      },
      refreshConversations,
      async ensureConversation() {
        await get().load();
        if (get().openId !== null || get().conversations === null) return;
        await get().newConversation().catch(() => undefined);
      },
      openConversation,
      async newConversation() {
        const { conversation, messages, openId } = get();
        const empty = openId !== null && conversation?.messageCount === 0 && messages?.length === 0 && !get().streaming.has(openId);
        if (empty) return;
        creating ??= createConversation()
          .catch((error: unknown) => {
            set({ conversationsError: toAppError(error) });
          })
          .finally(() => {
            creating = null;
          });
        return creating;
      },
      async renameConversation(id, title) {
        try {
          replaceConversation(await api.call('chat.update', { id, patch: { title } }));
        } catch (error) {
          throw toAppError(error);
        }
      },
      async deleteConversation(id) {
        try {
          await api.call('chat.delete', { id });
        } catch (error) {
          throw toAppError(error);
        }
        handles.get(id)?.cancel();
        drafts.getState().forget(id);
        const rest = (get().conversations ?? []).filter((c) => c.id !== id);
        set({ conversations: rest });
        if (get().openId === id) {
          await leaveForNext(rest);
        }
        void refreshConversations();
      },
      async updateConversation(patch) {
        const id = get().openId;
        const current = get().conversation;
        if (!id || !current) return;
        // shown at once; the host's answer (or the old values, on failure) follows
        replaceConversation({ ...current, ...patch });
        set({ updateError: null });
        try {
          replaceConversation(await api.call('chat.update', { id, patch }));
        } catch (error) {
          replaceConversation(current);
          set({ updateError: toAppError(error) });
        }
      },
      async setPinned(id, pinned) {
        try {
          replaceConversation(await api.call('chat.update', { id, patch: { pinned } }));
        } catch (error) {
          throw toAppError(error);
        }
        await refreshConversations(); // the list order changes
      },
      async deleteSelected() {
        const ids = [...view.getState().selected];
        if (ids.length === 0) return;
        let deleted: string[];
        try {
          deleted = (await api.call('chat.deleteMany', { ids })).ids;
        } catch (error) {
          throw toAppError(error);
        }
        const gone = new Set([...deleted, ...ids]); // ids the host did not know were gone already
        for (const id of gone) {
          handles.get(id)?.cancel();
          drafts.getState().forget(id);
        }
        const rest = (get().conversations ?? []).filter((c) => !gone.has(c.id));
        set({ conversations: rest });
        view.getState().clearSelection();
        if (get().openId !== null && gone.has(get().openId!)) {
          await leaveForNext(rest);
        }
        await refreshConversations();
        await view.getState().searchAgain();
      },

      async send(text) {
        const question = text.trim();
        if (!question) return;
        if (get().openId === null) await get().newConversation();
        const id = get().openId;
        if (!id) {
          const error = get().conversationsError;
          if (error) set({ sendFailure: { conversationId: null, error } });
          return;
        }
        // a conversation opened just now: the typed text follows it
        if (drafts.getState().draft !== text && drafts.getState().saved(id) === null) drafts.getState().setDraft(text);
        await runAnswer(id, { text: question });
      },
      stop() {
        const id = get().openId;
        if (!id || !handles.has(id)) return;
        patchStreaming(id, () => ({ stopping: true }));
        handles.get(id)!.cancel();
      },
      async editAndResend(messageId, text) {
        const id = get().openId;
        const question = text.trim();
        if (!id || !question || findMessage(messageId)?.role !== 'user') return;
        await runAnswer(id, { text: question, editMessageId: messageId });
      },
      async regenerate(messageId) {
        const id = get().openId;
        // an answer given without documents is written again the same way
        const withoutDocuments = findMessage(messageId)?.grounded === false;
        if (id) await runAnswer(id, { regenerateMessageId: messageId, ...(withoutDocuments ? { withoutDocuments } : {}) });
      },
      async answerFresh(messageId) {
        const id = get().openId;
        if (id) await runAnswer(id, { regenerateMessageId: messageId, fresh: true });
      },
      async answerWithoutDocuments(messageId) {
        const id = get().openId;
        if (id) await runAnswer(id, { regenerateMessageId: messageId, withoutDocuments: true });
      },
      async pullModel(messageId) {
        const conversationId = get().openId;
        const message = findMessage(messageId);
        const model = message?.model;
        const grounded = message?.grounded ?? true;
        if (!conversationId || !model) return;
        const ref = parseModelKey(model);
        // only Ollama pulls; the built-in engine's models are files added in Models (the error box says so)
        if (ref.engine !== 'ollama') return;
        let pull: Pick<ModelPull, 'state'>;
        try {
          pull = await deps.pullModel(ref.name);
        } catch (error) {
          set({ sendFailure: { conversationId, error: toAppError(error) } });
          return;
        }
        // failed or cancelled: the pull says why (here and in Models)
        if (pull.state !== 'done') return;
        // then the answer that was missing it, in its own conversation
        if (get().openId === conversationId) await get().regenerate(messageId);
        else await runAnswer(conversationId, { regenerateMessageId: messageId, withoutDocuments: !grounded });
      },
      dismissSendFailure: () => set({ sendFailure: null }),
    };
  });
}
