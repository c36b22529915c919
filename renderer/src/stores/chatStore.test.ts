import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/contract/chat';
import { AppError } from '../../../shared/contract/errors';
import { DRAFT_KEY_PREFIX } from './chatDraftStore';
import { listedConversations } from './chatViewStore';
import { selectModelPull, OPEN_CONVERSATION_KEY, selectOpenStreaming, selectSourcesMessage } from './chatStore';
import { deferred } from './testing/fakeLociApi';
import { answer, conversation, flush, memoryStorage, message, setupChat as setup } from './testing/chatHost';

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
    expect(selectSourcesMessage(store.getState(), null)?.id).toBe('a1');

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

describe('chat store: message actions and the conversation list', () => {
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
