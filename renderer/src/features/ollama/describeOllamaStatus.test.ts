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

describe('describeOllamaStatus with the built-in engine', () => {
  it('says the built-in engine answers while Ollama is down, and nothing more while Ollama is up', () => {
    expect(describeOllamaStatus(unreachableStatus(), 1)).toBe('Ollama not running · built-in engine answering');
    expect(describeOllamaStatus(unreachableStatus(), 0)).toBe('Ollama unreachable');
    expect(describeOllamaStatus(readyStatus(), 2)).toBe('Ollama 0.12.6 · 2 models');
  });
});
