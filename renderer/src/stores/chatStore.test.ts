import { describe, expect, it } from 'vitest';
import type { ChatMessage, Conversation } from '../../../shared/contract/chat';
import { AppError } from '../../../shared/contract/errors';
import { createChatDraftStore, DRAFT_KEY_PREFIX } from './chatDraftStore';
import { createModelsStore } from './modelsStore';
import { createChatViewStore, listedConversations } from './chatViewStore';
import { answerVersions, createChatStore, selectModelPull, selectShownVersion, OPEN_CONVERSATION_KEY, selectOpenStreaming, selectSourcesMessage } from './chatStore';
import { createFakeLociApi, deferred, type FakeHandlers, type FakeStream } from './testing/fakeLociApi';
import { sampleDocument, samplePassage } from './testing/fixtures';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => void (data[key] = value),
    removeItem: (key) => void delete data[key],
  };
}

const conversation = (patch: Partial<Conversation> = {}): Conversation => ({
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

const message = (patch: Partial<ChatMessage> = {}): ChatMessage => ({
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

const answer = (patch: Partial<ChatMessage> = {}): ChatMessage =>
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

/** A small in-memory host: conversations with their messages, answering the chat methods. */
function setup(options: { conversations?: Conversation[]; messages?: Record<string, ChatMessage[]>; storage?: ReturnType<typeof memoryStorage>; handlers?: FakeHandlers } = {}) {
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
  const store = createChatStore(api, { defaultCollectionId: () => 'work', storage, drafts, view, pullModel: (name) => models.getState().pullUntilFinished(name) });
  const lastStream = <N extends 'chat.send' | 'models.pull' = 'chat.send'>(): FakeStream<N> => {
    const stream = api.streams.at(-1);
    if (!stream) throw new Error('no stream opened');
    return stream as unknown as FakeStream<N>;
  };
  const callsOf = (name: string) => api.calls.filter((c) => c.name === name);
  return { api, store, models, drafts, view, storage, conversations, messages, lastStream, callsOf };
}

describe('chat store: conversations', () => {
  it('lists conversations and opens the latest one with its messages', async () => {
    const { store } = setup({ messages: { c1: [message(), answer()] } });
    await store.getState().load();
    const state = store.getState();
    expect(state.conversations?.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(state.openId).toBe('c1');
    expect(state.messages?.map((m) => m.id)).toEqual(['m1', 'a1']);
  });

  it('reopens the remembered conversation, and remembers the one opened', async () => {
    const storage = memoryStorage({ [OPEN_CONVERSATION_KEY]: 'c2' });
    const { store } = setup({ storage });
    await store.getState().load();
    expect(store.getState().openId).toBe('c2');
    await store.getState().openConversation('c1');
    expect(storage.data[OPEN_CONVERSATION_KEY]).toBe('c1');
  });

  it('opens a new conversation over the open one’s collection, reusing an empty one', async () => {
    const { store, callsOf } = setup({ conversations: [conversation({ collectionId: 'papers', messageCount: 2 })], messages: { c1: [message(), answer()] } });
    await store.getState().load();
    await store.getState().newConversation();
    expect(callsOf('chat.create').at(-1)?.input).toEqual({ collectionId: 'papers', model: null });
    expect(store.getState().openId).toBe('new-1');
    expect(store.getState().conversations?.[0]?.id).toBe('new-1');
    // still empty: New keeps it instead of piling up empty conversations
    await store.getState().newConversation();
    expect(callsOf('chat.create')).toHaveLength(1);
  });

  it('ensures there is a conversation to type into, over the library’s collection', async () => {
    const { store, callsOf } = setup({ conversations: [] });
    await Promise.all([store.getState().ensureConversation(), store.getState().ensureConversation()]);
    expect(callsOf('chat.create')).toHaveLength(1);
    expect(callsOf('chat.create')[0]?.input).toEqual({ collectionId: 'work', model: null });
    expect(store.getState().openId).toBe('new-1');
  });

  it('renames, and rejects a bad title with the AppError', async () => {
    const { store, api } = setup();
    await store.getState().load();
    await store.getState().renameConversation('c2', 'Birds');
    expect(store.getState().conversations?.find((c) => c.id === 'c2')?.title).toBe('Birds');
    api.handle({ 'chat.update': () => Promise.reject(new AppError('INVALID_INPUT', 'Too short')) });
    await expect(store.getState().renameConversation('c2', ' ')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('deletes the open conversation, forgets its draft and opens the next one', async () => {
    const storage = memoryStorage();
    const { drafts, store } = setup({ storage });
    await store.getState().load();
    drafts.getState().setDraft('half a question');
    await store.getState().deleteConversation('c1');
    expect(storage.data[`${DRAFT_KEY_PREFIX}c1`]).toBeUndefined();
    expect(store.getState().openId).toBe('c2');
    expect(store.getState().conversations?.map((c) => c.id)).toEqual(['c2']);
  });

  it('changes the model at once, and puts it back when the host refuses', async () => {
    const { store, api } = setup();
    await store.getState().load();
    await store.getState().updateConversation({ model: 'qwen2.5:7b', temperature: 0.7 });
    expect(store.getState().conversation).toMatchObject({ model: 'qwen2.5:7b', temperature: 0.7 });
    expect(store.getState().conversations?.find((c) => c.id === 'c1')?.model).toBe('qwen2.5:7b');

    const held = deferred<Conversation>();
    api.handle({ 'chat.update': () => held.promise });
    const pending = store.getState().updateConversation({ contextLength: 8192 });
    expect(store.getState().conversation?.contextLength).toBe(8192);
    held.reject(new AppError('NOT_FOUND', 'No such collection'));
    await pending;
    expect(store.getState().conversation?.contextLength).toBeNull();
    expect(store.getState().updateError?.code).toBe('NOT_FOUND');
  });
});

describe('chat store: drafts', () => {
  it('saves the draft per conversation on every change and restores it', async () => {
    const storage = memoryStorage();
    const { drafts, store } = setup({ storage });
    await store.getState().load();
    drafts.getState().setDraft('What is');
    drafts.getState().setDraft('What is rapid elasticity?');
    expect(storage.data[`${DRAFT_KEY_PREFIX}c1`]).toBe('What is rapid elasticity?');
    await store.getState().openConversation('c2');
    expect(drafts.getState().draft).toBe('');
    await store.getState().openConversation('c1');
    expect(drafts.getState().draft).toBe('What is rapid elasticity?');

    // a reload (a new store over the same storage) finds it again
    const again = setup({ storage });
    await again.store.getState().load();
    expect(again.drafts.getState().draft).toBe('What is rapid elasticity?');
  });

  it('clears the draft only once the host has stored the question', async () => {
    const storage = memoryStorage();
    const { drafts, store, lastStream } = setup({ storage });
    await store.getState().load();
    drafts.getState().setDraft('What is cloud computing?');
    const sending = store.getState().send('What is cloud computing?');
    expect(drafts.getState().draft).toBe('What is cloud computing?');
    expect(storage.data[`${DRAFT_KEY_PREFIX}c1`]).toBe('What is cloud computing?');
    lastStream().emit({ userMessage: message(), phase: 'retrieving' });
    expect(drafts.getState().draft).toBe('');
    expect(storage.data[`${DRAFT_KEY_PREFIX}c1`]).toBeUndefined();
    lastStream().end({ message: answer() });
    await sending;
  });

  it('keeps the draft when sending fails before the question is stored', async () => {
    const storage = memoryStorage();
    const { drafts, store, lastStream } = setup({ storage });
    await store.getState().load();
    drafts.getState().setDraft('What is cloud computing?');
    const sending = store.getState().send('What is cloud computing?');
    lastStream().fail(new AppError('DISCONNECTED', 'The connection to Loci was lost'));
    await sending;
    expect(drafts.getState().draft).toBe('What is cloud computing?');
    expect(storage.data[`${DRAFT_KEY_PREFIX}c1`]).toBe('What is cloud computing?');
    expect(store.getState().sendFailure).toMatchObject({ conversationId: 'c1', error: { code: 'DISCONNECTED' } });
    expect(selectOpenStreaming(store.getState())).toBeNull();
  });

  it('keeps what was typed after Send', async () => {
    const { drafts, store, lastStream } = setup();
    await store.getState().load();
    drafts.getState().setDraft('First question');
    const sending = store.getState().send('First question');
    drafts.getState().setDraft('First question, and a follow-up');
    lastStream().emit({ userMessage: message({ content: 'First question' }) });
    expect(drafts.getState().draft).toBe('First question, and a follow-up');
    lastStream().end({ message: answer() });
    await sending;
  });
});

describe('chat store: answers', () => {
  it('streams the answer apart from the finished messages, then swaps it in', async () => {
    const { store, lastStream, messages, callsOf } = setup();
    await store.getState().load();
    const sending = store.getState().send('  What is cloud computing?  ');
    const stream = lastStream();
    expect(stream.input).toEqual({ conversationId: 'c1', text: 'What is cloud computing?', withoutDocuments: false });
    expect(selectOpenStreaming(store.getState())).toMatchObject({ phase: 'retrieving', content: '' });

    stream.emit({ userMessage: message(), phase: 'retrieving' });
    const finished = store.getState().messages;
    expect(finished?.map((m) => m.id)).toEqual(['m1']);

    const draft = answer({ content: '', status: 'incomplete', metrics: null });
    stream.emit({ assistant: draft, phase: 'waiting' });
    stream.emit({ delta: 'A model ', phase: 'generating' });
    stream.emit({ delta: 'for network' });
    stream.emit({ delta: ' access [1].' });
    const streaming = selectOpenStreaming(store.getState());
    expect(streaming).toMatchObject({ phase: 'generating', content: 'A model for network access [1].', assistant: { id: 'a1' } });
    // tokens never touch the finished messages: their bubbles do not re-render
    expect(store.getState().messages).toBe(finished);
    // the sources panel follows the answer being written
    expect(selectSourcesMessage(store.getState())?.id).toBe('a1');

    messages.c1 = [message(), answer()];
    stream.end({ message: answer() });
    await sending;
    expect(selectOpenStreaming(store.getState())).toBeNull();
    expect(store.getState().messages?.map((m) => `${m.role}:${m.status}`)).toEqual(['user:complete', 'assistant:complete']);
    expect(callsOf('chat.conversations').length).toBeGreaterThan(1);
  });

  it('sends nothing for blank text and refuses a second question while one is answered', async () => {
    const { store, api } = setup();
    await store.getState().load();
    await store.getState().send('   ');
    expect(api.streams).toHaveLength(0);
    void store.getState().send('One');
    void store.getState().send('Two');
    expect(api.streams).toHaveLength(1);
  });

  it('stops: cancels the stream, then shows what the host kept', async () => {
    const { store, lastStream, messages } = setup();
    await store.getState().load();
    const sending = store.getState().send('What is cloud computing?');
    const stream = lastStream();
    stream.emit({ userMessage: message(), phase: 'retrieving' });
    stream.emit({ assistant: answer({ content: '' }), delta: 'A model', phase: 'generating' });
    store.getState().stop();
    expect(stream.cancelled).toBe(true);
    expect(selectOpenStreaming(store.getState())?.stopping).toBe(true);
    messages.c1 = [message(), answer({ content: 'A model', status: 'incomplete', error: { code: 'CANCELLED', message: 'Stopped' } })];
    stream.fail(new AppError('CANCELLED', 'Cancelled'));
    await sending;
    expect(selectOpenStreaming(store.getState())).toBeNull();
    expect(store.getState().messages?.at(-1)).toMatchObject({ status: 'incomplete', content: 'A model' });
    expect(store.getState().sendFailure).toBeNull();
  });

  it('regenerates an answer: the old one leaves, the new one streams in its place', async () => {
    const { store, lastStream } = setup({ messages: { c1: [message(), answer()] } });
    await store.getState().load();
    const regenerating = store.getState().regenerate('a1');
    expect(lastStream().input).toEqual({ conversationId: 'c1', regenerateMessageId: 'a1', withoutDocuments: false });
    expect(store.getState().messages?.map((m) => m.id)).toEqual(['m1']);
    expect(selectOpenStreaming(store.getState())?.regenerating).toBe('a1');
    lastStream().end({ message: answer({ id: 'a2' }) });
    await regenerating;
    expect(store.getState().messages?.map((m) => m.id)).toEqual(['m1', 'a2']);
  });

  it('answers a no-context question without documents', async () => {
    const { store, lastStream } = setup({ messages: { c1: [message(), answer({ status: 'no-context', passages: [], content: 'Nothing relevant.' })] } });
    await store.getState().load();
    const answering = store.getState().answerWithoutDocuments('a1');
    expect(lastStream().input).toEqual({ conversationId: 'c1', regenerateMessageId: 'a1', withoutDocuments: true });
    expect(selectOpenStreaming(store.getState())?.withoutDocuments).toBe(true);
    lastStream().end({ message: answer({ id: 'a2', grounded: false, passages: [] }) });
    await answering;
    expect(store.getState().messages?.at(-1)).toMatchObject({ id: 'a2', grounded: false });
  });

  it('retries an answer given without documents without them again', async () => {
    const { store, lastStream } = setup({ messages: { c1: [message(), answer({ grounded: false, passages: [], status: 'error', error: { code: 'OLLAMA_ERROR', message: 'boom' } })] } });
    await store.getState().load();
    void store.getState().regenerate('a1');
    expect(lastStream().input).toEqual({ conversationId: 'c1', regenerateMessageId: 'a1', withoutDocuments: true });
  });

  it('reloads the conversation when a regeneration is refused', async () => {
    const { store, lastStream } = setup({ messages: { c1: [message(), answer()] } });
    await store.getState().load();
    const regenerating = store.getState().regenerate('a1');
    lastStream().fail(new AppError('NOT_FOUND', 'That answer can no longer be regenerated'));
    await regenerating;
    expect(store.getState().messages?.map((m) => m.id)).toEqual(['m1', 'a1']);
    expect(store.getState().sendFailure?.error.code).toBe('NOT_FOUND');
  });

  it('keeps an answer streaming in a conversation the user left, and shows the finished one on return', async () => {
    const { store, lastStream, messages } = setup();
    await store.getState().load();
    const sending = store.getState().send('What is cloud computing?');
    const stream = lastStream();
    await store.getState().openConversation('c2');
    expect(selectOpenStreaming(store.getState())).toBeNull();
    stream.emit({ userMessage: message(), delta: 'A model' });
    expect(store.getState().streaming.get('c1')?.content).toBe('A model');
    expect(store.getState().messages).toEqual([]);
    messages.c1 = [message(), answer()];
    stream.end({ message: answer() });
    await sending;
    await store.getState().openConversation('c1');
    expect(store.getState().messages?.map((m) => m.id)).toEqual(['m1', 'a1']);
  });

  it('pulls a missing model with progress, then answers again', async () => {
    const missing = answer({ status: 'error', content: '', passages: [], model: 'llama3.2:3b', error: { code: 'MODEL_NOT_FOUND', message: "model 'llama3.2:3b' not found" } });
    const { store, models, api, lastStream } = setup({ messages: { c1: [message(), missing] } });
    await store.getState().load();
    const pulling = store.getState().pullModel('a1');
    const pull = lastStream<'models.pull'>();
    expect(pull.input).toEqual({ name: 'llama3.2:3b' });
    pull.emit({ status: 'pulling 0123456789ab', digest: 'sha256:0123', totalBytes: 100, completedBytes: 40, percent: 40 });
    expect(selectModelPull(models.getState(), 'llama3.2:3b')).toMatchObject({ state: 'pulling', progress: { percent: 40 } });
    // the pull started from Chat is the models store's: Models lists it with its progress
    expect(models.getState().pulls).toMatchObject([{ name: 'llama3.2:3b', state: 'running', totalBytes: 100, completedBytes: 40 }]);
    pull.end({ name: 'llama3.2:3b' });
    await flush();
    expect(selectModelPull(models.getState(), 'llama3.2:3b')).toBeNull();
    expect(models.getState().pulls).toMatchObject([{ name: 'llama3.2:3b', state: 'done' }]);
    const retry = lastStream();
    expect(retry.name).toBe('chat.send');
    expect(retry.input).toEqual({ conversationId: 'c1', regenerateMessageId: 'a1', withoutDocuments: false });
    retry.end({ message: answer({ id: 'a2' }) });
    await pulling;
    expect(api.streams).toHaveLength(2);
    expect(store.getState().messages?.at(-1)?.id).toBe('a2');
  });

  it('says why a pull failed and does not answer again', async () => {
    const missing = answer({ status: 'error', model: 'ghost:1b', error: { code: 'MODEL_NOT_FOUND', message: "model 'ghost:1b' not found" } });
    const { store, models, api, lastStream } = setup({ messages: { c1: [message(), missing] } });
    await store.getState().load();
    const pulling = store.getState().pullModel('a1');
    lastStream().fail(new AppError('OLLAMA_ERROR', 'pull model manifest: file does not exist'));
    await pulling;
    expect(selectModelPull(models.getState(), 'ghost:1b')).toMatchObject({ state: 'failed', error: { code: 'OLLAMA_ERROR' } });
    expect(api.streams).toHaveLength(1);
  });

  it('shows a pull started in Models on the answer that misses the model, and answers again when Chat joins it', async () => {
    const missing = answer({ status: 'error', content: '', passages: [], model: 'ollama:llama3.2:3b', error: { code: 'MODEL_NOT_FOUND', message: "model 'llama3.2:3b' not found" } });
    const { store, models, api, lastStream } = setup({ messages: { c1: [message(), missing] } });
    await store.getState().load();
    models.getState().pull('llama3.2:3b');
    const pull = lastStream<'models.pull'>();
    pull.emit({ status: 'pulling 0123456789ab', digest: 'sha256:0123', totalBytes: 100, completedBytes: 10, percent: 10 });
    expect(selectModelPull(models.getState(), 'ollama:llama3.2:3b')).toMatchObject({ state: 'pulling', progress: { percent: 10 } });
    const pulling = store.getState().pullModel('a1');
    await flush();
    expect(api.streams).toHaveLength(1); // joined, not a second pull
    pull.end({ name: 'llama3.2:3b' });
    await flush();
    expect(lastStream().name).toBe('chat.send');
    lastStream().end({ message: answer({ id: 'a2' }) });
    await pulling;
    expect(store.getState().messages?.at(-1)?.id).toBe('a2');
  });
});

describe('chat store: sources, passages and prompts', () => {
  const passages = [samplePassage(), samplePassage({ chunkId: 'doc-2:4', documentId: 'doc-2', documentName: 'duck.html', start: 10, end: 20 })];

  it('lists the latest answer’s sources, or the one whose citation was clicked', async () => {
    const { store } = setup({ messages: { c1: [message(), answer({ id: 'a1', passages }), message({ id: 'm2' }), answer({ id: 'a2', passages: [passages[1]!] })] } });
    await store.getState().load();
    expect(selectSourcesMessage(store.getState())?.id).toBe('a2');
    store.getState().showSource('a1', 2);
    expect(selectSourcesMessage(store.getState())?.id).toBe('a1');
    expect(store.getState().highlighted).toBe(2);
    // a new answer takes the panel back
    void store.getState().send('Another question');
    expect(store.getState().sourcesMessageId).toBeNull();
    expect(selectSourcesMessage(store.getState())?.id).toBe('a2');
  });

  it('opens a passage in its document’s text', async () => {
    const text = 'x'.repeat(10) + 'the passage' + 'y'.repeat(10);
    const held = deferred<{ document: ReturnType<typeof sampleDocument>; text: string }>();
    const { store, callsOf } = setup({ messages: { c1: [message(), answer({ passages })] }, handlers: { 'library.documentText': () => held.promise } });
    await store.getState().load();
    const opening = store.getState().openPassage('a1', 2);
    expect(store.getState().viewer).toMatchObject({ n: 2, loading: true, passage: { documentName: 'duck.html' } });
    expect(callsOf('library.documentText')[0]?.input).toEqual({ documentId: 'doc-2' });
    held.resolve({ document: sampleDocument({ id: 'doc-2', name: 'duck.html' }), text });
    await opening;
    expect(store.getState().viewer).toMatchObject({ loading: false, text, document: { name: 'duck.html' } });
    store.getState().closePassage();
    expect(store.getState().viewer).toBeNull();
  });

  it('ignores a citation number the answer does not have', async () => {
    const { store, callsOf } = setup({ messages: { c1: [message(), answer({ passages })] } });
    await store.getState().load();
    await store.getState().openPassage('a1', 7);
    expect(store.getState().viewer).toBeNull();
    expect(callsOf('library.documentText')).toHaveLength(0);
  });

  it('toggles one answer’s prompt, or all of them', async () => {
    const { store } = setup({ messages: { c1: [message(), answer()] } });
    await store.getState().load();
    store.getState().togglePrompt('a1');
    expect(store.getState().promptsShown.has('a1')).toBe(true);
    store.getState().togglePrompt('a1');
    expect(store.getState().promptsShown.has('a1')).toBe(false);
    store.getState().setShowAllPrompts(true);
    expect(store.getState().showAllPrompts).toBe(true);
  });
});

describe('chat store: message actions and the conversation list', () => {
  it('pages through an answer’s versions, each with its own metrics, and resets to the latest on a new one', async () => {
    const old = answer({ id: 'a0', content: 'First try.', metrics: null });
    const latest = answer({ id: 'a1', content: 'Second try [1].', versions: [old] });
    const { store } = setup({ messages: { c1: [message(), latest] } });
    await store.getState().load();
    expect(selectShownVersion(store.getState(), latest)).toMatchObject({ n: 2, total: 2, version: { id: 'a1' } });
    store.getState().showVersion('a1', 0);
    expect(selectShownVersion(store.getState(), latest)).toMatchObject({ n: 1, total: 2, version: { id: 'a0', content: 'First try.' } });
    store.getState().showVersion('a1', 9);
    expect(selectShownVersion(store.getState(), latest).n).toBe(2);
    expect(answerVersions(answer())).toHaveLength(1);
  });

  it('edit and resend drops the edited question and every later message at once, then sends with editMessageId', async () => {
    const q2 = message({ id: 'm2', content: 'Second?' });
    const { store, lastStream } = setup({ messages: { c1: [message(), answer(), q2, answer({ id: 'a2' })] } });
    await store.getState().load();
    const sending = store.getState().editAndResend('m1', '  What is the cloud, really?  ');
    expect(store.getState().messages).toEqual([]);
    expect(lastStream().input).toMatchObject({ conversationId: 'c1', text: 'What is the cloud, really?', editMessageId: 'm1' });
    lastStream().emit({ userMessage: message({ id: 'm9', content: 'What is the cloud, really?' }) });
    lastStream().end({ message: answer({ id: 'a9' }) });
    await sending;
    expect(store.getState().messages?.map((m) => m.id)).toEqual(['m9', 'a9']);
    // an answer cannot be edited as a question
    await store.getState().editAndResend('a9', 'x');
    expect(store.getState().messages?.map((m) => m.id)).toEqual(['m9', 'a9']);
  });

  it('searches, pins and deletes several conversations', async () => {
    const { store, view, callsOf, conversations } = setup({
      handlers: {
        'chat.search': ({ query }) => ({ matches: query === 'duck' ? [{ conversationId: 'c2', matchedIn: 'content' as const, snippet: '…a duck…' }] : [] }),
        'chat.deleteMany': ({ ids }) => {
          for (const id of ids) conversations.delete(id);
          return { ids };
        },
      },
    });
    await store.getState().load();
    await view.getState().searchConversations('duck');
    expect(listedConversations(store.getState().conversations, view.getState().search)?.map((c) => c.id)).toEqual(['c2']);
    await view.getState().searchConversations('   ');
    expect(view.getState().search).toBeNull();
    expect(listedConversations(store.getState().conversations, view.getState().search)?.map((c) => c.id)).toEqual(['c1', 'c2']);

    await store.getState().setPinned('c2', true);
    expect(callsOf('chat.update').at(-1)?.input).toEqual({ id: 'c2', patch: { pinned: true } });
    expect(store.getState().conversations?.find((c) => c.id === 'c2')?.pinned).toBe(true);

    view.getState().toggleSelected('c1');
    view.getState().toggleSelected('c2');
    view.getState().toggleSelected('c2');
    view.getState().toggleSelected('c2');
    expect([...view.getState().selected].sort()).toEqual(['c1', 'c2']);
    await store.getState().deleteSelected();
    expect(callsOf('chat.deleteMany').at(-1)?.input).toEqual({ ids: ['c1', 'c2'] });
    expect(view.getState().selected.size).toBe(0);
    // the open one was deleted: a new conversation opens
    expect(store.getState().openId).toMatch(/^new-/);
    expect(store.getState().conversations?.map((c) => c.id)).not.toContain('c1');
  });
});
