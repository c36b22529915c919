import { describe, expect, it } from 'vitest';
import { sampleModel } from '../stores/testing/fixtures';
import { defaultModelKey, modelOptions } from './modelChoice';

describe('modelOptions', () => {
  it('offers the default (Settings’, else the first usable) and every engine’s models, labelled with their engine', () => {
    const installed = [sampleModel('llama3.2:3b'), sampleModel('stories260K', { engine: 'builtin' })];
    expect(modelOptions(installed, null, null)).toEqual([
      { value: '', label: 'Default (ollama · llama3.2:3b)' },
      { value: 'ollama:llama3.2:3b', label: 'ollama · llama3.2:3b' },
      { value: 'builtin:stories260K', label: 'built-in · stories260K' },
    ]);
    expect(modelOptions(installed, 'builtin:stories260K', null)[0]?.label).toBe('Default (built-in · stories260K)');
  });

  it('leaves out models that cannot run, and keeps a conversation’s model that is gone', () => {
    const installed = [sampleModel('huge', { engine: 'builtin', fitsInMemory: false }), sampleModel('broken', { engine: 'builtin', problem: 'The file is no longer there' }), sampleModel('llama3.2:3b')];
    expect(modelOptions(installed, null, null).map((o) => o.value)).toEqual(['', 'ollama:llama3.2:3b']);
    expect(modelOptions(installed, null, 'ollama:phi3:mini').at(-1)).toEqual({ value: 'ollama:phi3:mini', label: 'ollama · phi3:mini (not available)' });
    expect(modelOptions(null, null, 'ollama:phi3:mini')).toEqual([
      { value: '', label: 'Default' },
      { value: 'ollama:phi3:mini', label: 'ollama · phi3:mini' },
    ]);
  });

  it('falls back to the built-in engine when Ollama lists nothing', () => {
    expect(defaultModelKey([sampleModel('stories260K', { engine: 'builtin' })], null)).toBe('builtin:stories260K');
    expect(defaultModelKey([], null)).toBeNull();
  });

  it('offers Auto when it has tiers, and keeps a conversation on Auto without them, marked', () => {
    const installed = [sampleModel('llama3.2:3b')];
    expect(modelOptions(installed, null, null, 2).map((o) => o.value)).toEqual(['', 'auto', 'ollama:llama3.2:3b']);
    expect(modelOptions(installed, null, null).map((o) => o.value)).toEqual(['', 'ollama:llama3.2:3b']);
    expect(modelOptions(installed, null, 'auto').find((o) => o.value === 'auto')?.label).toBe('Auto (no tiers: set them in Settings)');
    expect(modelOptions(installed, null, 'auto').filter((o) => o.value === 'auto')).toHaveLength(1);
  });

  it('marks a default that is not installed, and says when no model is installed at all', () => {
    const installed = [sampleModel('qwen2.5:7b')];
    expect(modelOptions(installed, 'ollama:llama3.2:3b', null)[0]?.label).toBe('Default (ollama · llama3.2:3b, not installed)');
    expect(modelOptions([], null, null)[0]?.label).toBe('Default (no model installed)');
    expect(modelOptions([], 'ollama:llama3.2:3b', null)[0]?.label).toBe('Default (ollama · llama3.2:3b, not installed)');
  });
});
