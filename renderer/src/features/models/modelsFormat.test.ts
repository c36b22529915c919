import { describe, expect, it } from 'vitest';
import { deleteQuestion, describeLoaded, formatContext, pullErrorTitle } from './modelsFormat';

describe('models format', () => {
  it('asks before a delete with the space it frees', () => {
    expect(deleteQuestion({ name: 'llama3.2:3b', sizeBytes: 2_019_393_189 })).toBe('Delete llama3.2:3b? It frees 2.0 GB.');
  });

  it('describes a loaded model by its VRAM and when it unloads', () => {
    expect(describeLoaded({ name: 'm', sizeBytes: 3e9, sizeVramBytes: 2.5e9, expiresAt: '2025-01-01T14:32:00.000Z' }, 'en-GB')).toMatch(/^2\.5 GB in VRAM · unloads at \d\d:\d\d$/);
    expect(describeLoaded({ name: 'm', sizeBytes: 3e9, sizeVramBytes: 0, expiresAt: null })).toBe('3.0 GB in memory');
  });

  it('writes context windows and pull error headlines', () => {
    expect(formatContext(131072)).toBe('131,072');
    expect(formatContext(null)).toBe('—');
    expect(pullErrorTitle('MODEL_NOT_FOUND', 'nope:1b')).toBe('Ollama’s library has no model called nope:1b');
    expect(pullErrorTitle('OLLAMA_UNREACHABLE', 'x')).toBe('Ollama stopped answering');
  });
});
