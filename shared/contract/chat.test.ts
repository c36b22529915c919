// The chat stream's patch functions: merging (what the host's coalescing does) and applying (what the store does).
import { describe, expect, it } from 'vitest';
import { applyChatPatch, mergePatch, type ChatMessage, type ChatPatchState, type ChatStreamPatch } from './chat';

const assistant = (id: string): ChatMessage => ({
  id,
  role: 'assistant',
  content: '',
  createdAt: 1_000,
  status: 'complete',
  model: 'ollama:llama3.2:3b',
  promptTemplate: { id: 'grounded-answer', version: 1 },
  passages: [],
  grounded: true,
  prompt: [],
  metrics: null,
  error: null,
});

const START: ChatPatchState = { phase: 'retrieving', assistant: null, content: '' };

describe('applyChatPatch', () => {
  it('appends the delta and replaces phase and assistant', () => {
    const a = assistant('m-1');
    const after = applyChatPatch(START, { assistant: a, phase: 'waiting' });
    expect(after).toEqual({ phase: 'waiting', assistant: a, content: '' });
    const writing = applyChatPatch(applyChatPatch(after, { phase: 'generating', delta: 'Cloud ' }), { delta: 'computing [1]' });
    expect(writing).toEqual({ phase: 'generating', assistant: a, content: 'Cloud computing [1]' });
  });

  it('keeps the other fields of a larger state, and the same object when nothing changes', () => {
    const state = { ...START, conversationId: 'c-1', stopping: false };
    const next = applyChatPatch(state, { delta: 'x' });
    expect(next).toEqual({ ...state, content: 'x' });
    expect(applyChatPatch(state, {})).toBe(state);
    expect(applyChatPatch(state, { delta: '' })).toBe(state);
  });

  it('merging two patches then applying equals applying both in turn', () => {
    const a1 = assistant('m-1');
    const a2 = assistant('m-2');
    const pairs: [ChatStreamPatch, ChatStreamPatch][] = [
      [{ assistant: a1, phase: 'waiting' }, { phase: 'generating', delta: 'Cloud ' }],
      [{ delta: 'Cloud ' }, { delta: 'computing' }],
      [{ delta: 'a', phase: 'generating' }, {}],
      [{}, { delta: 'b', assistant: a2 }],
      [{ assistant: a1, delta: 'x' }, { assistant: a2, phase: 'generating' }],
    ];
    const from: ChatPatchState = { phase: 'waiting', assistant: a1, content: 'so far ' };
    for (const [p, q] of pairs) {
      for (const state of [START, from]) {
        expect(applyChatPatch(state, mergePatch(p, q))).toEqual(applyChatPatch(applyChatPatch(state, p), q));
      }
    }
  });
});
