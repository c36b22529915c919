// The chat stores' Node tests' host: sample conversations and messages, an in-memory host answering the chat
// methods, and the chat store wired to its view stores (drafts, list, citations, answers) as appStores wires them.
import type { ChatMessage, Conversation } from '../../../../shared/contract/chat';
import { AppError } from '../../../../shared/contract/errors';
import { createAnswerViewStore } from '../answerViewStore';
import { createChatDraftStore } from '../chatDraftStore';
import { createChatStore, selectMessage } from '../chatStore';
import { createChatViewStore } from '../chatViewStore';
import { createCitationsStore } from '../citationsStore';
import { createModelsStore } from '../modelsStore';
import { createFakeLociApi, type FakeHandlers, type FakeStream } from './fakeLociApi';
import { samplePassage } from './fixtures';

export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => void (data[key] = value),
    removeItem: (key) => void delete data[key],
  };
}

export const conversation = (patch: Partial<Conversation> = {}): Conversation => ({
  id: 'c1',
  title: 'Cloud',
  collectionId: 'default',
  model: null,
  temperature: 0.2,
  contextLength: null,
  createdAt: 1_000,
  updatedAt: 2_000,
  lastActivityAt: 2_000,
  pinned: false,
  messageCount: 0,
  ...patch,
});

export const message = (patch: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm1',
  role: 'user',
  content: 'What is cloud computing?',
  createdAt: 1_000,
  status: 'complete',
  model: null,
  promptTemplate: null,
  passages: [],
  grounded: true,
  prompt: [],
  metrics: null,
  error: null,
  ...patch,
});

export const answer = (patch: Partial<ChatMessage> = {}): ChatMessage =>
  message({
    id: 'a1',
    role: 'assistant',
    content: 'A model for network access [1].',
    model: 'llama3.2:3b',
    promptTemplate: { id: 'grounded-answer', version: 1 },
    passages: [samplePassage()],
    prompt: [{ role: 'user', content: '[1] (notes.md)\nCloud computing…\n\nQuestion: What is cloud computing?' }],
    ...patch,
  });

/** A small in-memory host: conversations with their messages, answering the chat methods; the chat stores wired over it as in the app. */
export function setupChat(options: { conversations?: Conversation[]; messages?: Record<string, ChatMessage[]>; storage?: ReturnType<typeof memoryStorage>; handlers?: FakeHandlers } = {}) {
  const conversations = new Map((options.conversations ?? [conversation(), conversation({ id: 'c2', title: 'Ducks', updatedAt: 1_500 })]).map((c) => [c.id, c]));
  const messages: Record<string, ChatMessage[]> = { c1: [], c2: [], ...options.messages };
  let created = 0;
  const api = createFakeLociApi({
    'chat.conversations': () => ({ conversations: [...conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt) }),
    'chat.conversation': ({ id }) => {
      const c = conversations.get(id);
      if (!c) throw new AppError('NOT_FOUND', 'That conversation no longer exists');
      return { conversation: { ...c, messageCount: messages[id]?.length ?? 0 }, messages: messages[id] ?? [] };
    },
    'chat.create': ({ collectionId, model }) => {
      const c = conversation({ id: `new-${++created}`, title: 'New conversation', collectionId, model, updatedAt: 9_000 + created });
      conversations.set(c.id, c);
      messages[c.id] = [];
      return c;
    },
    'chat.update': ({ id, patch }) => {
      const c = { ...conversations.get(id)!, ...patch, updatedAt: 10_000 };
      conversations.set(id, c);
      return c;
    },
    'chat.delete': ({ id }) => {
      conversations.delete(id);
      return { id };
    },
    ...options.handlers,
  });
  const storage = options.storage ?? memoryStorage();
  // the models store owns every pull: the chat store pulls through it, as in the app
  const models = createModelsStore(api);
  const drafts = createChatDraftStore({ storage });
  const view = createChatViewStore(api);
  const findMessage = (messageId: string): ChatMessage | null => selectMessage(store.getState(), messageId);
  const citations = createCitationsStore(api, { findMessage });
  const answerView = createAnswerViewStore({ findMessage });
  const store = createChatStore(api, { defaultCollectionId: () => 'work', storage, drafts, view, citations, answerView, pullModel: (name) => models.getState().pullUntilFinished(name) });
  const lastStream = <N extends 'chat.send' | 'models.pull' = 'chat.send'>(): FakeStream<N> => {
    const stream = api.streams.at(-1);
    if (!stream) throw new Error('no stream opened');
    return stream as unknown as FakeStream<N>;
  };
  const callsOf = (name: string) => api.calls.filter((c) => c.name === name);
  return { api, store, models, drafts, view, citations, answerView, storage, conversations, messages, lastStream, callsOf };
}
