import { describe, expect, it } from 'vitest';
import { readyStatus, unreachableStatus } from '../../stores/testing/fixtures';
import { describeOllamaStatus } from './describeOllamaStatus';

describe('describeOllamaStatus', () => {
  it('names version and model count when ready', () => {
    expect(describeOllamaStatus(readyStatus())).toBe('Ollama 0.12.6 · 2 models');
    expect(describeOllamaStatus(readyStatus({ modelCount: 1 }))).toBe('Ollama 0.12.6 · 1 model');
    expect(describeOllamaStatus(readyStatus({ version: null, modelCount: null }))).toBe('Ollama ready');
  });

  it('says when Ollama is not there', () => {
    expect(describeOllamaStatus(unreachableStatus())).toBe('Ollama unreachable');
    expect(describeOllamaStatus(unreachableStatus({ state: 'error' }))).toBe('Ollama error');
    expect(describeOllamaStatus(readyStatus({ state: 'checking' }))).toBe('Checking Ollama…');
  });
});
