import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract/errors';
import { SettingsPatchSchema } from '../../../../shared/contract/settings';
import { sampleSettings } from '../../stores/testing/fixtures';
import { FIRST_INSTALLED, SEARCH_TARGETS, balanceText, modelOptions, searchDraft, searchKey, searchPatch, templateOptions, type SearchDraft } from './searchForm';
import { errorsFromFailure } from './settingsFormKit';

const draft = (patch: Partial<SearchDraft> = {}): SearchDraft => ({ ...searchDraft(sampleSettings()), ...patch });
const templates = [
  { id: 'grounded-answer', version: 1, name: 'Grounded answer', description: 'Cites each claim.' },
  { id: 'grounded-answer', version: 2, name: 'Grounded answer (concise)', description: 'Three sentences.' },
];

describe('search and answers form', () => {
  it('shows the weight as a percentage and no floor as empty', () => {
    expect(draft()).toEqual({ fusion: 'auto', meaningPercent: '15', topK: '6', scoreFloor: '', diversity: false, promptTemplate: 'grounded-answer@3', temperature: '0.2', defaultModel: '' });
    expect(searchDraft(sampleSettings({ retrievalScoreFloor: 0.02, defaultChatModel: 'llama3.2:1b', retrievalVectorWeight: 0.07 }))).toMatchObject({
      scoreFloor: '0.02',
      defaultModel: 'llama3.2:1b',
      meaningPercent: '7',
    });
  });

  it('saves what it shows unchanged, as a valid patch', () => {
    const s = sampleSettings();
    const result = searchPatch(draft());
    expect(result.patch).toEqual({
      retrievalFusion: 'auto',
      retrievalVectorWeight: s.retrievalVectorWeight,
      retrievalTopK: s.retrievalTopK,
      retrievalScoreFloor: null,
      retrievalDiversity: false,
      promptTemplate: s.promptTemplate,
      defaultTemperature: s.defaultTemperature,
      defaultChatModel: null,
    });
    expect(SettingsPatchSchema.safeParse(result.patch).success).toBe(true);
  });

  it('turns the form’s units back into the settings’', () => {
    const result = searchPatch(draft({ meaningPercent: '35', scoreFloor: ' 0.01 ', promptTemplate: 'grounded-answer@2', defaultModel: 'qwen2.5:0.5b', temperature: '0.7' }));
    expect(result.patch).toMatchObject({ retrievalVectorWeight: 0.35, retrievalScoreFloor: 0.01, promptTemplate: 'grounded-answer@2', defaultChatModel: 'qwen2.5:0.5b', defaultTemperature: 0.7 });
    expect(searchPatch(draft({ meaningPercent: '7' })).patch?.retrievalVectorWeight).toBe(0.07);
  });

  it('names the fields that are not numbers', () => {
    expect(searchPatch(draft({ topK: '2.5', scoreFloor: 'none', temperature: '' })).errors).toEqual({
      topK: 'Enter a whole number',
      scoreFloor: 'Enter a number',
      temperature: 'Enter a number',
    });
  });

  it('shows the host’s range issues in the form’s units', () => {
    const error = new AppError('INVALID_INPUT', 'Invalid input for settings.update', {
      issues: [
        { path: ['retrievalVectorWeight'], message: 'Too big: expected number to be <=1' },
        { path: ['defaultTemperature'], message: 'Too big: expected number to be <=2' },
        { path: ['promptTemplate'], message: 'Use id@version, e.g. grounded-answer@1' },
      ],
    });
    expect(errorsFromFailure(error, SEARCH_TARGETS)).toEqual({
      fields: { meaningPercent: 'Enter a percentage from 0 to 100', temperature: 'Enter a temperature from 0 to 2', promptTemplate: 'Use id@version, e.g. grounded-answer@1' },
      general: null,
    });
  });

  it('keys on its own settings only', () => {
    const s = sampleSettings();
    expect(searchKey({ ...s, chunkTargetTokens: 64 })).toBe(searchKey(s));
    expect(searchKey({ ...s, defaultChatModel: 'x' })).not.toBe(searchKey(s));
  });

  it('reads the balance in words', () => {
    expect(balanceText('15')).toBe('15% meaning · 85% keywords');
    expect(balanceText('0')).toBe('Keywords only');
    expect(balanceText('100')).toBe('Meaning only');
    expect(balanceText('')).toBe('');
  });

  it('lists the templates by name and version, keeping a missing saved one', () => {
    expect(templateOptions(templates, 'grounded-answer@1')).toEqual([
      { value: 'grounded-answer@1', label: 'Grounded answer v1' },
      { value: 'grounded-answer@2', label: 'Grounded answer (concise) v2' },
    ]);
    expect(templateOptions(templates, 'strict@3')[0]).toEqual({ value: 'strict@3', label: 'strict@3 (not found)' });
    expect(templateOptions(null, 'grounded-answer@1')).toEqual([{ value: 'grounded-answer@1', label: 'grounded-answer@1' }]);
  });

  it('offers the first installed model, then the installed ones, keeping a saved one that is gone', () => {
    const installed = [{ engine: 'ollama' as const, name: 'llama3.2:1b', key: 'ollama:llama3.2:1b' }, { engine: 'builtin' as const, name: 'stories260K', key: 'builtin:stories260K' }];
    expect(modelOptions(installed, '')).toEqual([
      { value: '', label: FIRST_INSTALLED },
      { value: 'ollama:llama3.2:1b', label: 'ollama · llama3.2:1b' },
      { value: 'builtin:stories260K', label: 'built-in · stories260K' },
    ]);
    expect(modelOptions(installed, 'ollama:mistral:7b').at(-1)).toEqual({ value: 'ollama:mistral:7b', label: 'ollama · mistral:7b (not available)' });
    expect(modelOptions(null, 'ollama:mistral:7b')).toEqual([
      { value: '', label: FIRST_INSTALLED },
      { value: 'ollama:mistral:7b', label: 'ollama · mistral:7b' },
    ]);
  });
});
