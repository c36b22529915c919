import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { selectSourcesMessage } from './chatStore';
import { answer, message, setupChat as setup } from './testing/chatHost';
import { deferred } from './testing/fakeLociApi';
import { sampleDocument, samplePassage } from './testing/fixtures';

describe('citations store: the sources panel and the passage viewer', () => {
  const passages = [samplePassage(), samplePassage({ chunkId: 'doc-2:4', documentId: 'doc-2', documentName: 'duck.html', start: 10, end: 20 })];

  it('lists the latest answer’s sources, or the one whose citation was clicked', async () => {
    const { store, citations } = setup({ messages: { c1: [message(), answer({ id: 'a1', passages }), message({ id: 'm2' }), answer({ id: 'a2', passages: [passages[1]!] })] } });
    await store.getState().load();
    expect(selectSourcesMessage(store.getState(), citations.getState().sourcesMessageId)?.id).toBe('a2');
    citations.getState().showSource('a1', 2);
    expect(selectSourcesMessage(store.getState(), citations.getState().sourcesMessageId)?.id).toBe('a1');
    expect(citations.getState().highlighted).toBe(2);
    // a new answer takes the panel back
    void store.getState().send('Another question');
    expect(citations.getState().sourcesMessageId).toBeNull();
    expect(citations.getState().highlighted).toBeNull();
    expect(selectSourcesMessage(store.getState(), citations.getState().sourcesMessageId)?.id).toBe('a2');
  });

  it('opens a passage in its document’s text', async () => {
    const text = 'x'.repeat(10) + 'the passage' + 'y'.repeat(10);
    const held = deferred<{ document: ReturnType<typeof sampleDocument>; text: string }>();
    const { store, citations, callsOf } = setup({ messages: { c1: [message(), answer({ passages })] }, handlers: { 'library.documentText': () => held.promise } });
    await store.getState().load();
    const opening = citations.getState().openPassage('a1', 2);
    expect(citations.getState().viewer).toMatchObject({ n: 2, loading: true, passage: { documentName: 'duck.html' } });
    // the panel lists that answer with the passage highlighted
    expect(citations.getState()).toMatchObject({ sourcesMessageId: 'a1', highlighted: 2 });
    expect(callsOf('library.documentText')[0]?.input).toEqual({ documentId: 'doc-2' });
    held.resolve({ document: sampleDocument({ id: 'doc-2', name: 'duck.html' }), text });
    await opening;
    expect(citations.getState().viewer).toMatchObject({ loading: false, text, document: { name: 'duck.html' } });
    citations.getState().closePassage();
    expect(citations.getState().viewer).toBeNull();
  });

  it('ignores a citation number the answer does not have', async () => {
    const { store, citations, callsOf } = setup({ messages: { c1: [message(), answer({ passages })] } });
    await store.getState().load();
    await citations.getState().openPassage('a1', 7);
    expect(citations.getState().viewer).toBeNull();
    expect(callsOf('library.documentText')).toHaveLength(0);
  });

  it('opens a passage of the answer being written', async () => {
    const { store, citations, lastStream } = setup({ handlers: { 'library.documentText': () => ({ document: sampleDocument({ id: 'doc-2' }), text: 'the text' }) } });
    await store.getState().load();
    void store.getState().send('What is cloud computing?');
    lastStream().emit({ userMessage: message(), assistant: answer({ id: 'a7', content: '', passages }), phase: 'waiting' });
    await citations.getState().openPassage('a7', 2);
    expect(citations.getState().viewer).toMatchObject({ messageId: 'a7', n: 2, loading: false, text: 'the text' });
  });

  it('shows in the viewer why the file could not be opened', async () => {
    const { store, citations } = setup({
      messages: { c1: [message(), answer({ passages })] },
      handlers: {
        'library.documentText': () => ({ document: sampleDocument(), text: 'the text' }),
        'library.open': () => Promise.reject(new AppError('NOT_FOUND', 'That file is no longer there')),
      },
    });
    await store.getState().load();
    await citations.getState().openPassage('a1', 1);
    await citations.getState().openDocumentFile(passages[0]!.documentId);
    expect(citations.getState().viewer).toMatchObject({ n: 1, text: 'the text', error: { code: 'NOT_FOUND' } });
  });

  it('starts afresh in another conversation, and drops a document’s text that arrives after', async () => {
    const held = deferred<{ document: ReturnType<typeof sampleDocument>; text: string }>();
    const { store, citations } = setup({ messages: { c1: [message(), answer({ passages })] }, handlers: { 'library.documentText': () => held.promise } });
    await store.getState().load();
    const opening = citations.getState().openPassage('a1', 2);
    await store.getState().openConversation('c2');
    expect(citations.getState()).toMatchObject({ sourcesMessageId: null, highlighted: null, viewer: null });
    held.resolve({ document: sampleDocument({ id: 'doc-2' }), text: 'late' });
    await opening;
    expect(citations.getState().viewer).toBeNull();
  });

  it('closes the viewer when the open conversation is deleted', async () => {
    const { store, citations } = setup({ messages: { c1: [message(), answer({ passages })] }, handlers: { 'library.documentText': () => ({ document: sampleDocument(), text: 'the text' }) } });
    await store.getState().load();
    await citations.getState().openPassage('a1', 1);
    expect(citations.getState().viewer).not.toBeNull();
    await store.getState().deleteConversation('c1');
    expect(store.getState().openId).toBe('c2');
    expect(citations.getState()).toMatchObject({ sourcesMessageId: null, highlighted: null, viewer: null });
  });
});
