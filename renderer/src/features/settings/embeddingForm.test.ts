import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract/errors';
import { SettingsPatchSchema } from '../../../../shared/contract/settings';
import { sampleSettings } from '../../stores/testing/fixtures';
import {
  EMBEDDER_DTYPES,
  EMBEDDING_TARGETS,
  describeEmbedderState,
  embeddingDraft,
  embeddingKey,
  embeddingPatch,
  libraryDocumentCount,
  modelChangeNotice,
  modelChangeText,
  modelSearchOrder,
  reindexText,
  type EmbeddingDraft,
} from './embeddingForm';
import { errorsFromFailure } from './settingsFormKit';

const settings = sampleSettings({ embedderModelId: 'loci/glove-wordpiece-100d', embedderDtype: 'q8', embedderModelDir: '/models' });
const draft = (patch: Partial<EmbeddingDraft> = {}): EmbeddingDraft => ({ ...embeddingDraft(settings), ...patch });

describe('embedding form', () => {
  it('shows the settings, an unset folder as empty', () => {
    expect(embeddingDraft(settings)).toEqual({ modelId: 'loci/glove-wordpiece-100d', dtype: 'q8', modelDir: '/models', allowDownload: true });
    expect(embeddingDraft(sampleSettings()).modelDir).toBe('');
    expect(EMBEDDER_DTYPES).toEqual(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']);
  });

  it('saves trimmed values, an empty folder as null, as a valid patch', () => {
    const result = embeddingPatch(draft({ modelId: '  loci/minilm-shaped-random ', modelDir: '   ', dtype: 'fp32', allowDownload: false }));
    expect(result.patch).toEqual({ embedderModelId: 'loci/minilm-shaped-random', embedderDtype: 'fp32', embedderModelDir: null, allowModelDownload: false });
    expect(SettingsPatchSchema.safeParse(result.patch).success).toBe(true);
    expect(embeddingPatch(draft({ modelDir: ' /opt/models ' })).patch?.embedderModelDir).toBe('/opt/models');
  });

  it('refuses an empty model id before asking the host', () => {
    expect(embeddingPatch(draft({ modelId: '  ' }))).toEqual({ patch: null, errors: { modelId: 'Enter a model id, e.g. Xenova/all-MiniLM-L6-v2' } });
  });

  it('shows the host’s word for a malformed id next to the id', () => {
    const error = new AppError('INVALID_INPUT', 'Invalid input for settings.update', { issues: [{ path: ['embedderModelId'], message: 'Use a model id like Xenova/all-MiniLM-L6-v2' }] });
    expect(errorsFromFailure(error, EMBEDDING_TARGETS)).toEqual({ fields: { modelId: 'Use a model id like Xenova/all-MiniLM-L6-v2' }, general: null });
  });

  it('keys on the embedder settings only', () => {
    expect(embeddingKey({ ...settings, chunkTargetTokens: 99 })).toBe(embeddingKey(settings));
    expect(embeddingKey({ ...settings, allowModelDownload: false })).not.toBe(embeddingKey(settings));
  });

  it('warns before saving another model when documents are indexed', () => {
    const library = { documents: 3, indexEmbedder: 'loci/glove-wordpiece-100d' };
    expect(modelChangeNotice(draft(), settings, library)).toBeNull();
    const notice = modelChangeNotice(draft({ modelId: 'loci/minilm-shaped-random' }), settings, library);
    expect(notice).toEqual({ kind: 'reindex', documents: 3, indexEmbedder: 'loci/glove-wordpiece-100d' });
    expect(modelChangeText(notice!)).toBe('Changing the embedding model will require re-indexing your library (3 documents). Search by meaning is off until then.');
    // nothing indexed: nothing to re-index
    expect(modelChangeNotice(draft({ modelId: 'loci/minilm-shaped-random' }), settings, { documents: 0, indexEmbedder: null })).toBeNull();
    // a blank id is an error of its own, not a change
    expect(modelChangeNotice(draft({ modelId: ' ' }), settings, library)).toBeNull();
  });

  it('says when only the weights change, and when going back to the indexed model', () => {
    const variant = modelChangeNotice(draft({ dtype: 'fp32' }), settings, { documents: 1, indexEmbedder: 'loci/glove-wordpiece-100d' });
    expect(variant).toEqual({ kind: 'variant', documents: 1, from: 'q8' });
    expect(modelChangeText(variant!)).toContain('Documents indexed so far (1 document) keep vectors made with the q8 weights');
    const changed = { ...settings, embedderModelId: 'loci/minilm-shaped-random' };
    const back = modelChangeNotice({ ...embeddingDraft(changed), modelId: 'loci/glove-wordpiece-100d' }, changed, { documents: 2, indexEmbedder: 'loci/glove-wordpiece-100d' });
    expect(back).toEqual({ kind: 'back', indexEmbedder: 'loci/glove-wordpiece-100d' });
    // the index's own model decides, not the saved setting
    const other = modelChangeNotice({ ...embeddingDraft(changed), modelId: 'Xenova/bge-small' }, changed, { documents: 2, indexEmbedder: 'loci/glove-wordpiece-100d' });
    expect(other?.kind).toBe('reindex');
  });

  it('words the re-index callout with the library’s size', () => {
    expect(reindexText(1)).toBe('Changing the embedding model requires re-indexing your library (1 document). Search by meaning is off until then.');
    expect(reindexText(null)).toBe('Changing the embedding model requires re-indexing your library. Search by meaning is off until then.');
    expect(libraryDocumentCount(null)).toBeNull();
    expect(libraryDocumentCount([{ documentCount: 2 }, { documentCount: 5 }])).toBe(7);
  });

  it('describes each embedder state', () => {
    expect(describeEmbedderState({ state: 'ready', progress: null })).toEqual({ label: 'Ready', tone: 'ok' });
    expect(describeEmbedderState({ state: 'downloading', progress: 41.6 }).label).toBe('Downloading… 42%');
    expect(describeEmbedderState({ state: 'downloading', progress: null }).label).toBe('Downloading…');
    expect(describeEmbedderState({ state: 'unavailable', progress: null }).tone).toBe('warning');
    expect(describeEmbedderState({ state: 'error', progress: null }).tone).toBe('danger');
    expect(describeEmbedderState({ state: 'idle', progress: null }).tone).toBe('pending');
  });

  it('lists where the model is looked for, in order', () => {
    expect(modelSearchOrder(' /opt/models ', '/home/me/.config/Loci/', 'linux')).toEqual([
      '/opt/models (the folder above)',
      'resources/models, bundled with the app',
      '/home/me/.config/Loci/models (where downloads go)',
    ]);
    expect(modelSearchOrder('', 'C:\\Users\\me\\AppData\\Roaming\\Loci', 'win32')).toEqual([
      'resources/models, bundled with the app',
      'C:\\Users\\me\\AppData\\Roaming\\Loci\\models (where downloads go)',
    ]);
    expect(modelSearchOrder('', null, null)).toHaveLength(2);
  });
});
