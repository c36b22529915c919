// The "Library" settings form as data: chunk size and overlap (tokens), the largest file imported (MB), text
// recognition (OCR) and the space kept for uploaded originals (MB).
// Renderer (and Node tests).
import type { Settings } from '../../../../shared/contract/settings';
import { numberText, patchBuilder, settingsKey, type FieldTargets, type PatchResult } from './settingsFormKit';

export interface LibraryDraft {
  readonly chunkSize: string;
  readonly chunkOverlap: string;
  readonly maxFileSizeMb: string;
  readonly ocr: boolean;
  readonly originalsMaxMb: string;
}

export type LibraryField = keyof LibraryDraft;

export const LIBRARY_KEYS = ['chunkTargetTokens', 'chunkOverlapTokens', 'maxFileSizeMb', 'ocrEnabled', 'originalsMaxMb'] as const satisfies readonly (keyof Settings)[];
export const libraryKey = (settings: Settings): string => settingsKey(settings, LIBRARY_KEYS);

// the schema's bounds, in the form's words
export const LIBRARY_TARGETS: FieldTargets<LibraryField> = {
  chunkTargetTokens: { field: 'chunkSize', message: 'Enter a whole number of tokens from 32 to 2,048' },
  chunkOverlapTokens: { field: 'chunkOverlap', message: 'Enter a whole number of tokens from 0 to 512' },
  maxFileSizeMb: { field: 'maxFileSizeMb', message: 'Enter a size from 1 to 10,000 MB' },
  ocrEnabled: { field: 'ocr' },
  originalsMaxMb: { field: 'originalsMaxMb', message: 'Enter a size from 0 to 1,000,000 MB' },
};

export function libraryDraft(settings: Settings): LibraryDraft {
  return {
    chunkSize: numberText(settings.chunkTargetTokens),
    chunkOverlap: numberText(settings.chunkOverlapTokens),
    maxFileSizeMb: numberText(settings.maxFileSizeMb),
    ocr: settings.ocrEnabled,
    originalsMaxMb: numberText(settings.originalsMaxMb),
  };
}

export function libraryPatch(draft: LibraryDraft): PatchResult<LibraryField> {
  const builder = patchBuilder<LibraryField>();
  return builder.result({
    chunkTargetTokens: builder.num(draft.chunkSize, 'chunkSize', { integer: true }),
    chunkOverlapTokens: builder.num(draft.chunkOverlap, 'chunkOverlap', { integer: true }),
    maxFileSizeMb: builder.num(draft.maxFileSizeMb, 'maxFileSizeMb'),
    ocrEnabled: draft.ocr,
    originalsMaxMb: builder.num(draft.originalsMaxMb, 'originalsMaxMb'),
  });
}

/**
 * What the importer will actually use, when it differs from what was typed: chunks never exceed what the embedding
 * model reads, and the overlap is capped at half a chunk. Null when the typed values apply as they are.
 */
export function chunkingNote(draft: LibraryDraft, maxTokens: number | null): string | null {
  const size = Number(draft.chunkSize.trim());
  const overlap = Number(draft.chunkOverlap.trim());
  // an out-of-range size gets its own error on Save; a note about it would only add noise
  if (draft.chunkSize.trim() === '' || !Number.isInteger(size) || size < 32 || size > 2048) return null;
  const notes: string[] = [];
  const effective = maxTokens !== null && size > maxTokens ? maxTokens : size;
  if (effective < size) notes.push(`The embedding model reads at most ${maxTokens} tokens, so chunks stop at ${maxTokens}.`);
  if (draft.chunkOverlap.trim() !== '' && Number.isFinite(overlap) && overlap > Math.floor(effective / 2)) {
    notes.push(`The overlap is capped at half a chunk (${Math.floor(effective / 2)} tokens).`);
  }
  return notes.length > 0 ? notes.join(' ') : null;
}
