import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract/errors';
import { sampleSettings } from '../../stores/testing/fixtures';
import { countOf, errorsFromFailure, numberText, parseNumber, patchBuilder, settingsKey } from './settingsFormKit';

describe('settings form kit', () => {
  it('parses typed numbers, whole when asked', () => {
    expect(parseNumber(' 12.5 ')).toEqual({ value: 12.5, error: null });
    expect(parseNumber('')).toEqual({ value: null, error: 'Enter a number' });
    expect(parseNumber('1e')).toEqual({ value: null, error: 'Enter a number' });
    expect(parseNumber('12.5', { integer: true })).toEqual({ value: null, error: 'Enter a whole number' });
    expect(parseNumber('-3', { integer: true })).toEqual({ value: -3, error: null });
    expect(numberText(0.15 * 100)).toBe('15');
  });

  it('builds a patch only when every number parses', () => {
    const ok = patchBuilder<'a' | 'b'>();
    expect(ok.result({ retrievalTopK: ok.num('6', 'a', { integer: true }) })).toEqual({ patch: { retrievalTopK: 6 }, errors: null });
    const bad = patchBuilder<'a' | 'b'>();
    bad.num('x', 'a');
    bad.num('2.5', 'b', { integer: true });
    expect(bad.result({})).toEqual({ patch: null, errors: { a: 'Enter a number', b: 'Enter a whole number' } });
  });

  it('keys a form by the settings it shows only', () => {
    const a = sampleSettings();
    expect(settingsKey({ ...a, theme: 'dark' }, ['retrievalTopK'])).toBe(settingsKey(a, ['retrievalTopK']));
    expect(settingsKey({ ...a, retrievalTopK: 9 }, ['retrievalTopK'])).not.toBe(settingsKey(a, ['retrievalTopK']));
  });

  it('places the host’s issues by field, in the form’s words when it has them', () => {
    const error = new AppError('INVALID_INPUT', 'Invalid input for settings.update', {
      issues: [
        { path: ['chunkTargetTokens'], message: 'Too small: expected number to be >=32' },
        { path: ['chunkTargetTokens'], message: 'second issue on the same field' },
        { path: ['embedderModelId'], message: 'Use a model id like Xenova/all-MiniLM-L6-v2' },
        { path: ['theme'], message: 'Invalid option' },
        { path: [], message: 'Unrecognized key: "nope"' },
      ],
    });
    const placed = errorsFromFailure(error, {
      chunkTargetTokens: { field: 'chunkSize', message: 'Enter 32 to 2,048 tokens' },
      embedderModelId: { field: 'modelId' },
    });
    expect(placed).toEqual({
      fields: { chunkSize: 'Enter 32 to 2,048 tokens', modelId: 'Use a model id like Xenova/all-MiniLM-L6-v2' },
      general: 'Theme: choose one of the offered options; This setting is not known to this version of Loci',
    });
    // an inherited name is not a field
    expect(errorsFromFailure(new AppError('INVALID_INPUT', 'bad', { issues: [{ path: ['toString'], message: 'x' }] }), {}).general).toBe('To string: x');
    expect(errorsFromFailure(new AppError('STORE_ERROR', 'disk full'), {})).toEqual({ fields: {}, general: 'disk full' });
    expect(errorsFromFailure(new Error('boom'), {}).fields).toEqual({});
  });

  it('counts with the right plural', () => {
    expect(countOf(1, 'document')).toBe('1 document');
    expect(countOf(0, 'document')).toBe('0 documents');
    expect(countOf(1200, 'file')).toBe('1,200 files');
  });
});
