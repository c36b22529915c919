// The "Embedding model" settings form as data: the draft, the patch it saves, what a change of model means for the
// library (a re-index), and how the embedder's live state reads. Renderer (and Node tests).
import type { EmbedderStatus } from '../../../../shared/contract/library';
import { settingsShape, type Settings } from '../../../../shared/contract/settings';
import { countOf, patchBuilder, settingsKey, type FieldTargets, type PatchResult } from './settingsFormKit';

export type EmbedderDtype = Settings['embedderDtype'];
export const EMBEDDER_DTYPES: readonly EmbedderDtype[] = settingsShape.embedderDtype.options;

export const DTYPE_LABELS: Readonly<Record<EmbedderDtype, string>> = {
  fp32: 'fp32: full precision (model.onnx)',
  fp16: 'fp16: half precision (model_fp16.onnx)',
  q8: 'q8: 8-bit quantized (model_quantized.onnx)',
  int8: 'int8 (model_int8.onnx)',
  uint8: 'uint8 (model_uint8.onnx)',
  q4: 'q4: 4-bit (model_q4.onnx)',
};

export interface EmbeddingDraft {
  readonly modelId: string;
  readonly dtype: EmbedderDtype;
  /** Empty: the default locations. */
  readonly modelDir: string;
  readonly allowDownload: boolean;
}

export type EmbeddingField = keyof EmbeddingDraft;

export const EMBEDDING_KEYS = ['embedderModelId', 'embedderDtype', 'embedderModelDir', 'allowModelDownload'] as const satisfies readonly (keyof Settings)[];
export const embeddingKey = (settings: Settings): string => settingsKey(settings, EMBEDDING_KEYS);

export const EMBEDDING_TARGETS: FieldTargets<EmbeddingField> = {
  embedderModelId: { field: 'modelId' },
  embedderDtype: { field: 'dtype' },
  embedderModelDir: { field: 'modelDir' },
  allowModelDownload: { field: 'allowDownload' },
};

export function embeddingDraft(settings: Settings): EmbeddingDraft {
  return { modelId: settings.embedderModelId, dtype: settings.embedderDtype, modelDir: settings.embedderModelDir ?? '', allowDownload: settings.allowModelDownload };
}

export function embeddingPatch(draft: EmbeddingDraft): PatchResult<EmbeddingField> {
  const builder = patchBuilder<EmbeddingField>();
  const modelId = draft.modelId.trim();
  if (modelId === '') builder.errors.modelId = 'Enter a model id, e.g. Xenova/all-MiniLM-L6-v2';
  const modelDir = draft.modelDir.trim();
  return builder.result({ embedderModelId: modelId, embedderDtype: draft.dtype, embedderModelDir: modelDir === '' ? null : modelDir, allowModelDownload: draft.allowDownload });
}

/**
 * What saving this draft would mean for the library, said before saving. `reindex`: another model than the one the
 * index was built with (the host will ask for a re-index). `variant`: the same model with other weights; the host
 * keeps the index (same vectors' size) but documents indexed so far keep vectors from the old weights.
 * `back`: the model the library was indexed with, while the saved one differs (saving ends the need to re-index).
 */
export type ModelChangeNotice =
  | { readonly kind: 'reindex'; readonly documents: number; readonly indexEmbedder: string | null }
  | { readonly kind: 'variant'; readonly documents: number; readonly from: EmbedderDtype }
  | { readonly kind: 'back'; readonly indexEmbedder: string };

export function modelChangeNotice(draft: EmbeddingDraft, settings: Settings, library: { documents: number; indexEmbedder: string | null }): ModelChangeNotice | null {
  const modelId = draft.modelId.trim();
  const modelChanged = modelId !== settings.embedderModelId;
  const dtypeChanged = draft.dtype !== settings.embedderDtype;
  if ((!modelChanged && !dtypeChanged) || modelId === '') return null;
  const indexed = library.documents > 0 || library.indexEmbedder !== null;
  if (!indexed) return null;
  // the index remembers which model built it: compare with that when known
  const reference = library.indexEmbedder ?? settings.embedderModelId;
  if (modelChanged && modelId !== reference) return { kind: 'reindex', documents: library.documents, indexEmbedder: library.indexEmbedder };
  if (modelChanged && library.indexEmbedder !== null) return { kind: 'back', indexEmbedder: library.indexEmbedder };
  return dtypeChanged && library.documents > 0 ? { kind: 'variant', documents: library.documents, from: settings.embedderDtype } : null;
}

export function modelChangeText(notice: ModelChangeNotice): string {
  switch (notice.kind) {
    case 'reindex':
      return `Changing the embedding model will require re-indexing your library (${countOf(notice.documents, 'document')}). Search by meaning is off until then.`;
    case 'variant':
      return `Documents indexed so far (${countOf(notice.documents, 'document')}) keep vectors made with the ${notice.from} weights; re-index the library for consistent results.`;
    case 'back':
      return `Your library was indexed with ${notice.indexEmbedder}: switching back to it needs no re-index.`;
  }
}

/** The callout's words once the host reports that the index was built with another embedder (null: count unknown). */
export const reindexText = (documents: number | null): string =>
  `Changing the embedding model requires re-indexing your library${documents === null ? '' : ` (${countOf(documents, 'document')})`}. Search by meaning is off until then.`;

/** Documents over all collections, or null before the collections load. */
export const libraryDocumentCount = (collections: readonly { documentCount: number }[] | null): number | null =>
  collections === null ? null : collections.reduce((sum, c) => sum + c.documentCount, 0);

export type StatusTone = 'ok' | 'pending' | 'warning' | 'danger';

/** The embedder's state in words, with a tone for its dot. */
export function describeEmbedderState(status: Pick<EmbedderStatus, 'state' | 'progress'>): { label: string; tone: StatusTone } {
  switch (status.state) {
    case 'ready':
      return { label: 'Ready', tone: 'ok' };
    case 'idle':
      return { label: 'Not loaded yet: it loads when an import or a search needs it', tone: 'pending' };
    case 'loading':
      return { label: 'Loading…', tone: 'pending' };
    case 'downloading':
      return { label: status.progress === null ? 'Downloading…' : `Downloading… ${Math.round(status.progress)}%`, tone: 'pending' };
    case 'unavailable':
      return { label: 'Not available', tone: 'warning' };
    case 'error':
      return { label: 'Failed to load', tone: 'danger' };
  }
}

/** Where Loci looks for the model, in order: the chosen folder, the app's bundled models, then the data folder. */
export function modelSearchOrder(modelDir: string, dataDir: string | null, platform: string | null): string[] {
  const sep = platform === 'win32' ? '\\' : '/';
  const chosen = modelDir.trim();
  return [
    ...(chosen ? [`${chosen} (the folder above)`] : []),
    'resources/models, bundled with the app',
    dataDir ? `${dataDir.replace(/[\\/]+$/, '')}${sep}models (where downloads go)` : 'models in Loci’s data folder (where downloads go)',
  ];
}
