// Paths to the read-only models and fixtures beside the project (../shared), as in CI.
import path from 'node:path';

export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');
export const MODELS_DIR = path.join(SHARED_DIR, 'models');
export const FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures');
export const DOCUMENTS_DIR = path.join(FIXTURES_DIR, 'documents');

/** The small real embedder used by tests and evaluation. */
export const TEST_EMBEDDER = { embedderModelDir: MODELS_DIR, embedderModelId: 'loci/glove-wordpiece-100d', embedderDtype: 'q8' } as const;

/** A tiny real llama.cpp model (260K parameters) for the built-in engine. */
export const STORIES_GGUF = path.join(MODELS_DIR, 'gguf', 'stories260K.gguf');
