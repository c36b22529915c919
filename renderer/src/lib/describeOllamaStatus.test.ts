import { describe, expect, it } from 'vitest';
import { readyStatus, unreachableStatus } from '../stores/testing/fixtures';
import { describeOllamaStatus, noModelAnywhere } from './describeOllamaStatus';

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

describe('describeOllamaStatus with no models', () => {
  it('says so when Ollama is up with nothing installed, and when the built-in engine covers for it', () => {
    expect(describeOllamaStatus(readyStatus({ modelCount: 0 }))).toBe('Ollama 0.12.6 · no models installed');
    expect(describeOllamaStatus(readyStatus({ modelCount: 0 }), 1)).toBe('Ollama 0.12.6 · no models · built-in engine answering');
    expect(noModelAnywhere(readyStatus({ modelCount: 0 }), 0)).toBe(true);
    expect(noModelAnywhere(readyStatus({ modelCount: 0 }), 1)).toBe(false);
    expect(noModelAnywhere(readyStatus(), 0)).toBe(false);
    expect(noModelAnywhere(unreachableStatus(), 0)).toBe(false);
  });
});
