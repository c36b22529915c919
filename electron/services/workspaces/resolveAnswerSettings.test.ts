// Which answer settings win: the conversation's own, then the collection's, then Settings'. Pure.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import { EMPTY_WORKSPACE_SETTINGS } from '../../../shared/contract/workspaces';
import { resolveAnswerSettings } from './resolveAnswerSettings';

const settings = { ...DEFAULT_SETTINGS, defaultChatModel: 'ollama:llama3.2:3b', defaultTemperature: 0.2, retrievalTopK: 6, promptTemplate: 'grounded-answer@3' };

describe('resolveAnswerSettings', () => {
  it('uses the global settings when the collection sets nothing', () => {
    expect(resolveAnswerSettings(EMPTY_WORKSPACE_SETTINGS, settings)).toEqual({
      systemPrompt: null,
      model: 'ollama:llama3.2:3b',
      temperature: 0.2,
      topK: 6,
      promptTemplateRef: 'grounded-answer@3',
      sources: { systemPrompt: 'global', model: 'global', temperature: 'global', topK: 'global', promptTemplate: 'global' },
    });
  });
  it('prefers each collection setting over the global default', () => {
    const ws = { systemPrompt: 'Answer in French.', model: 'builtin:stories260K', temperature: 0, topK: 3, promptTemplate: 'my-template' };
    expect(resolveAnswerSettings(ws, settings)).toEqual({
      systemPrompt: 'Answer in French.',
      model: 'builtin:stories260K',
      temperature: 0,
      topK: 3,
      promptTemplateRef: 'my-template',
      sources: { systemPrompt: 'collection', model: 'collection', temperature: 'collection', topK: 'collection', promptTemplate: 'collection' },
    });
    // one setting at a time: the others still come from Settings
    expect(resolveAnswerSettings({ ...EMPTY_WORKSPACE_SETTINGS, topK: 2 }, settings)).toMatchObject({ topK: 2, temperature: 0.2, sources: { topK: 'collection', temperature: 'global' } });
  });
  it("lets a conversation's own model and temperature win, and treats a blank system prompt as none", () => {
    const ws = { ...EMPTY_WORKSPACE_SETTINGS, model: 'builtin:stories260K', temperature: 1, systemPrompt: '  \n ' };
    expect(resolveAnswerSettings(ws, settings, { model: 'ollama:qwen2.5:7b', temperature: 0.7 })).toMatchObject({ model: 'ollama:qwen2.5:7b', temperature: 0.7, systemPrompt: null });
    expect(resolveAnswerSettings(ws, settings, { model: null, temperature: null })).toMatchObject({ model: 'builtin:stories260K', temperature: 1 });
    expect(resolveAnswerSettings(EMPTY_WORKSPACE_SETTINGS, { ...settings, defaultChatModel: null })).toMatchObject({ model: null });
  });
});
