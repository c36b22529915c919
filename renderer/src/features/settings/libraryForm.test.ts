import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract/errors';
import { SettingsPatchSchema } from '../../../../shared/contract/settings';
import { sampleSettings } from '../../stores/testing/fixtures';
import { LIBRARY_TARGETS, chunkingNote, libraryDraft, libraryKey, libraryPatch, type LibraryDraft } from './libraryForm';
import { errorsFromFailure } from './settingsFormKit';

const draft = (patch: Partial<LibraryDraft> = {}): LibraryDraft => ({ ...libraryDraft(sampleSettings()), ...patch });

describe('library form', () => {
  it('shows and saves the chunking settings unchanged, as a valid patch', () => {
    expect(draft()).toEqual({ chunkSize: '200', chunkOverlap: '40', maxFileSizeMb: '100', ocr: false, originalsMaxMb: '2000' });
    const result = libraryPatch(draft());
    expect(result).toEqual({ patch: { chunkTargetTokens: 200, chunkOverlapTokens: 40, maxFileSizeMb: 100, ocrEnabled: false, originalsMaxMb: 2000 }, errors: null });
    expect(SettingsPatchSchema.safeParse(result.patch).success).toBe(true);
    expect(libraryPatch(draft({ chunkSize: ' 320 ', maxFileSizeMb: '2.5', ocr: true, originalsMaxMb: '0' })).patch).toEqual({
      chunkTargetTokens: 320,
      chunkOverlapTokens: 40,
      maxFileSizeMb: 2.5,
      ocrEnabled: true,
      originalsMaxMb: 0,
    });
  });

  it('names the fields that are not (whole) numbers, and leaves ranges to the host', () => {
    expect(libraryPatch(draft({ chunkSize: '12.5', chunkOverlap: '', maxFileSizeMb: 'big' })).errors).toEqual({
      chunkSize: 'Enter a whole number',
      chunkOverlap: 'Enter a number',
      maxFileSizeMb: 'Enter a number',
    });
    // 5 is a number: the host refuses it, with an issue this form places
    expect(libraryPatch(draft({ chunkSize: '5' })).patch?.chunkTargetTokens).toBe(5);
    expect(SettingsPatchSchema.safeParse(libraryPatch(draft({ chunkSize: '5' })).patch).success).toBe(false);
  });

  it('shows the host’s range issues in the form’s words', () => {
    const error = new AppError('INVALID_INPUT', 'Invalid input for settings.update', {
      issues: [
        { path: ['chunkTargetTokens'], message: 'Too small: expected number to be >=32' },
        { path: ['maxFileSizeMb'], message: 'Too big: expected number to be <=10000' },
      ],
    });
    expect(errorsFromFailure(error, LIBRARY_TARGETS)).toEqual({
      fields: { chunkSize: 'Enter a whole number of tokens from 32 to 2,048', maxFileSizeMb: 'Enter a size from 1 to 10,000 MB' },
      general: null,
    });
  });

  it('keys on the library settings only', () => {
    const s = sampleSettings();
    expect(libraryKey({ ...s, retrievalTopK: 3 })).toBe(libraryKey(s));
    expect(libraryKey({ ...s, chunkOverlapTokens: 0 })).not.toBe(libraryKey(s));
    expect(libraryKey({ ...s, ocrEnabled: !s.ocrEnabled })).not.toBe(libraryKey(s));
  });

  it('says what the importer will use when it differs from what was typed', () => {
    expect(chunkingNote(draft(), 512)).toBeNull();
    expect(chunkingNote(draft({ chunkSize: '1024' }), 512)).toBe('The embedding model reads at most 512 tokens, so chunks stop at 512.');
    expect(chunkingNote(draft({ chunkSize: '100', chunkOverlap: '80' }), null)).toBe('The overlap is capped at half a chunk (50 tokens).');
    expect(chunkingNote(draft({ chunkSize: '1024', chunkOverlap: '300' }), 256)).toBe(
      'The embedding model reads at most 256 tokens, so chunks stop at 256. The overlap is capped at half a chunk (128 tokens).',
    );
    expect(chunkingNote(draft({ chunkSize: 'x' }), 512)).toBeNull();
    expect(chunkingNote(draft({ chunkSize: '5', chunkOverlap: '40' }), 512)).toBeNull();
  });
});
