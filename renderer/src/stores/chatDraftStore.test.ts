import { describe, expect, it } from 'vitest';
import { createChatDraftStore, DRAFT_KEY_PREFIX, type DraftStorage } from './chatDraftStore';

function memoryStorage(): DraftStorage & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => void (data[key] = value), removeItem: (key) => void delete data[key] };
}

describe('chat draft store', () => {
  it('keeps one draft per conversation in storage, shows the open one’s, and forgets a deleted one’s', () => {
    const storage = memoryStorage();
    const drafts = createChatDraftStore({ storage });
    drafts.getState().setDraft('nowhere to go'); // no conversation shown: nothing saved
    expect(storage.data).toEqual({});
    drafts.getState().show('c1');
    drafts.getState().setDraft('What is');
    drafts.getState().show('c2');
    expect(drafts.getState().draft).toBe('');
    drafts.getState().setDraft('Ducks?');
    drafts.getState().show('c1');
    expect(drafts.getState().draft).toBe('What is');
    expect(drafts.getState().saved('c2')).toBe('Ducks?');
    drafts.getState().forget('c2');
    expect(storage.data).toEqual({ [`${DRAFT_KEY_PREFIX}c1`]: 'What is' });
  });

  it('clears a sent draft only when nothing more was typed, shown or not', () => {
    const storage = memoryStorage();
    const drafts = createChatDraftStore({ storage });
    drafts.getState().show('c1');
    drafts.getState().setDraft('First question, and more');
    drafts.getState().clearIfUnchanged('c1', 'First question');
    expect(drafts.getState().draft).toBe('First question, and more');
    drafts.getState().clearIfUnchanged('c1', ' First question, and more ');
    expect(drafts.getState().draft).toBe('');
    expect(drafts.getState().saved('c1')).toBeNull();

    storage.data[`${DRAFT_KEY_PREFIX}c2`] = 'Ducks?';
    drafts.getState().clearIfUnchanged('c2', 'Ducks?');
    expect(storage.data[`${DRAFT_KEY_PREFIX}c2`]).toBeUndefined();
  });

  it('keeps the box working when storage throws', () => {
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const drafts = createChatDraftStore({ storage: broken });
    drafts.getState().show('c1');
    drafts.getState().setDraft('still here');
    expect(drafts.getState().draft).toBe('still here');
  });
});
