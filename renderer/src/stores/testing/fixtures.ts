// Sample contract values for the stores' Node tests.
import type { AppInfo } from '../../../../shared/contract/app';
import { expect } from 'vitest';
import type { Collection, DocumentInfo, DocumentWindow, EmbedderStatus, FileProgress, ImportOverall, Passage } from '../../../../shared/contract/library';
import type { OllamaStatus } from '../../../../shared/contract/ollama';
import { modelKey, type ModelInfo } from '../../../../shared/contract/models';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/contract/settings';
import { filterDocuments, sortDocuments } from '../../../../shared/library/documentOrder';

export const sampleSettings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

export const readyStatus = (patch: Partial<OllamaStatus> = {}): OllamaStatus => ({
  state: 'ready',
  url: 'http://127.0.0.1:11434',
  version: '0.12.6',
  modelCount: 2,
  checkedAt: 1_000,
  latencyMs: 4,
  error: null,
  ...patch,
});

export const unreachableStatus = (patch: Partial<OllamaStatus> = {}): OllamaStatus => ({
  state: 'unreachable',
  url: 'http://127.0.0.1:9',
  version: null,
  modelCount: null,
  checkedAt: 1_000,
  latencyMs: null,
  error: { code: 'OLLAMA_UNREACHABLE', message: 'Could not connect to Ollama at http://127.0.0.1:9' },
  ...patch,
});

export const sampleAppInfo: AppInfo = {
  name: 'Loci',
  version: '0.1.0',
  dataDir: '/tmp/loci-data',
  platform: 'linux',
  capabilities: { revealInFileManager: false, openFiles: false, nativeFileDialog: false, hostFolders: false },
};

export const sampleCollection = (patch: Partial<Collection> = {}): Collection => ({
  id: 'default',
  name: 'My library',
  createdAt: 1_000,
  documentCount: 0,
  chunkCount: 0,
  ...patch,
});

export const sampleDocument = (patch: Partial<DocumentInfo> = {}): DocumentInfo => ({
  id: 'doc-1',
  collectionId: 'default',
  name: 'notes.md',
  path: '/home/me/notes.md',
  source: 'path',
  format: 'markdown',
  title: null,
  sizeBytes: 2_048,
  modifiedAt: 1_000,
  pageCount: null,
  chunkCount: 3,
  status: 'ready',
  error: null,
  embedder: 'Xenova/all-MiniLM-L6-v2@q8',
  addedAt: 2_000,
  updatedAt: 2_000,
  note: null,
  ...patch,
});

export const sampleEmbedderStatus = (patch: Partial<EmbedderStatus> = {}): EmbedderStatus => ({
  state: 'ready',
  modelId: 'Xenova/all-MiniLM-L6-v2',
  dtype: 'q8',
  location: '/models/Xenova/all-MiniLM-L6-v2',
  dimension: 384,
  maxTokens: 256,
  progress: null,
  message: null,
  indexEmbedder: 'Xenova/all-MiniLM-L6-v2',
  indexDimension: 384,
  needsReindex: false,
  ...patch,
});

export const fileProgress = (fileId: string, patch: Partial<FileProgress> = {}): FileProgress => ({
  fileId,
  name: `${fileId}.txt`,
  path: `/docs/${fileId}.txt`,
  state: 'queued',
  reason: null,
  chunks: null,
  pages: null,
  documentId: null,
  ...patch,
});

export const importOverall = (patch: Partial<ImportOverall> = {}): ImportOverall => ({
  filesTotal: 0,
  filesDone: 0,
  filesFailed: 0,
  filesSkipped: 0,
  chunks: 0,
  chunksPerSecond: 0,
  etaSeconds: null,
  elapsedMs: 0,
  ...patch,
});

export const samplePassage = (patch: Partial<Passage> = {}): Passage => ({
  chunkId: 'doc-1:0',
  documentId: 'doc-1',
  documentName: 'notes.md',
  ordinal: 0,
  text: 'Cloud computing is a model for enabling ubiquitous network access.',
  page: null,
  headingPath: ['Notes'],
  start: 0,
  end: 66,
  score: 0.032,
  vectorScore: 0.71,
  textScore: 4.2,
  ...patch,
});

/** A model as models.list gives it; `engine` and `name` set the key. */
export const sampleModel = (name: string, patch: Partial<ModelInfo> = {}): ModelInfo => {
  const engine = patch.engine ?? 'ollama';
  return {
    engine,
    name,
    key: modelKey({ engine, name }),
    sizeBytes: 1,
    digest: 'x',
    family: null,
    parameterSize: null,
    quantization: null,
    contextLength: null,
    modifiedAt: '2025-01-01T00:00:00Z',
    origin: engine === 'ollama' ? 'ollama' : 'added',
    fileName: engine === 'ollama' ? null : `${name}.gguf`,
    requiredMemoryBytes: null,
    fitsInMemory: null,
    problem: null,
    removable: true,
    ...patch,
  };
};

/**
 * What the host answers to a windowed library.documents (sorted, filtered, sliced, counted, with the shared order).
 * A request without a window fails the test: the renderer never asks for every row.
 */
export function documentWindowOf(rows: readonly DocumentInfo[], window: (Omit<DocumentWindow, 'filter'> & { filter?: string }) | undefined): { documents: DocumentInfo[]; total: number } {
  expect(window, 'the renderer asks library.documents for windows only').toBeDefined();
  const matching = sortDocuments(filterDocuments(rows, window!.filter ?? ''), window!.sort);
  return { documents: matching.slice(window!.offset, window!.offset + window!.limit), total: matching.length };
}
