import { describe, expect, it } from 'vitest';
import { answerVersions, selectShownVersion } from './answerViewStore';
import { answer, message, setupChat as setup } from './testing/chatHost';

describe('answer view store: prompt panels and versions', () => {
  it('toggles one answer’s prompt, or all of them', async () => {
    const { store, answerView } = setup({ messages: { c1: [message(), answer()] } });
    await store.getState().load();
    answerView.getState().togglePrompt('a1');
    expect(answerView.getState().promptsShown.has('a1')).toBe(true);
    answerView.getState().togglePrompt('a1');
    expect(answerView.getState().promptsShown.has('a1')).toBe(false);
    answerView.getState().setShowAllPrompts(true);
    expect(answerView.getState().showAllPrompts).toBe(true);
    // turning "show all" off closes the ones opened one by one too
    answerView.getState().togglePrompt('a1');
    answerView.getState().setShowAllPrompts(false);
    expect(answerView.getState()).toMatchObject({ showAllPrompts: false, promptsShown: new Set() });
  });

  it('closes the prompt panels opened one by one in another conversation, keeping "show all"', async () => {
    const { store, answerView } = setup({ messages: { c1: [message(), answer()] } });
    await store.getState().load();
    answerView.getState().togglePrompt('a1');
    answerView.getState().setShowAllPrompts(true);
    await store.getState().openConversation('c2');
    expect(answerView.getState().promptsShown.size).toBe(0);
    expect(answerView.getState().showAllPrompts).toBe(true);
  });

  it('closes an answer’s prompt panel when it is written again, and only that one', async () => {
    const { store, answerView, lastStream } = setup({ messages: { c1: [message(), answer({ id: 'a0' }), message({ id: 'm2' }), answer()] } });
    await store.getState().load();
    answerView.getState().togglePrompt('a0');
    answerView.getState().togglePrompt('a1');
    const regenerating = store.getState().regenerate('a1');
    expect([...answerView.getState().promptsShown]).toEqual(['a0']);
    lastStream().end({ message: answer({ id: 'a2' }) });
    await regenerating;
  });

  it('pages through an answer’s versions, each with its own metrics, and resets to the latest on a new one', async () => {
    const old = answer({ id: 'a0', content: 'First try.', metrics: null });
    const latest = answer({ id: 'a1', content: 'Second try [1].', versions: [old] });
    const { store, answerView } = setup({ messages: { c1: [message(), latest] } });
    await store.getState().load();
    expect(selectShownVersion(answerView.getState(), latest)).toMatchObject({ n: 2, total: 2, version: { id: 'a1' } });
    answerView.getState().showVersion('a1', 0);
    expect(selectShownVersion(answerView.getState(), latest)).toMatchObject({ n: 1, total: 2, version: { id: 'a0', content: 'First try.' } });
    answerView.getState().showVersion('a1', 9);
    expect(selectShownVersion(answerView.getState(), latest).n).toBe(2);
    expect(answerVersions(answer())).toHaveLength(1);
    // an answer the open conversation does not have is left alone
    answerView.getState().showVersion('gone', 0);
    expect(answerView.getState().versionShown.has('gone')).toBe(false);
  });
});
