import { describe, expect, it } from 'vitest';
import { deleteQuestion, describeLoaded, formatContext, memoryProblem, pullErrorTitle } from './modelsFormat';

describe('models format', () => {
  it('asks before a delete with the space it frees', () => {
    expect(deleteQuestion({ engine: 'ollama', name: 'llama3.2:3b', sizeBytes: 2_019_393_189, origin: 'ollama' })).toBe('Delete ollama · llama3.2:3b? It frees 2.0 GB.');
    expect(deleteQuestion({ engine: 'builtin', name: 'stories', sizeBytes: 1_100_000, origin: 'added' })).toBe('Remove built-in · stories? Loci’s copy of the file (1.1 MB) is deleted.');
    expect(deleteQuestion({ engine: 'builtin', name: 'stories', sizeBytes: 1, origin: 'linked' })).toMatch(/your file stays/);
    expect(memoryProblem({ fitsInMemory: false, requiredMemoryBytes: 9.1e9 })).toBe('Needs about 9.1 GB of memory, more than this machine has.');
    expect(memoryProblem({ fitsInMemory: true, requiredMemoryBytes: 1 })).toBeNull();
    expect(memoryProblem({ fitsInMemory: null, requiredMemoryBytes: null })).toBeNull();
  });

  it('describes a loaded model by its VRAM and when it unloads', () => {
    expect(describeLoaded({ engine: 'ollama', key: 'ollama:m', name: 'm', sizeBytes: 3e9, sizeVramBytes: 2.5e9, expiresAt: '2025-01-01T14:32:00.000Z' }, 'en-GB')).toMatch(/^2\.5 GB in VRAM · unloads at \d\d:\d\d$/);
    expect(describeLoaded({ engine: 'ollama', key: 'ollama:m', name: 'm', sizeBytes: 3e9, sizeVramBytes: 0, expiresAt: null })).toBe('3.0 GB in memory');
  });

  it('writes context windows and pull error headlines', () => {
    expect(formatContext(131072)).toBe('131,072');
    expect(formatContext(null)).toBe('—');
    expect(pullErrorTitle('MODEL_NOT_FOUND', 'nope:1b')).toBe('Ollama’s library has no model called nope:1b');
    expect(pullErrorTitle('OLLAMA_UNREACHABLE', 'x')).toBe('Ollama stopped answering');
  });
});
