import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { fieldErrorMessage, toAppError } from './errors';

describe('errors', () => {
  it('passes AppErrors through and wraps anything else', () => {
    const appError = new AppError('NOT_FOUND', 'gone');
    expect(toAppError(appError)).toBe(appError);
    expect(toAppError(new Error('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom' });
    expect(toAppError({ code: 'CANCELLED', message: 'Cancelled' })).toMatchObject({ code: 'CANCELLED' });
  });

  it("shows the schema's words for the field of an INVALID_INPUT error", () => {
    const error = new AppError('INVALID_INPUT', 'Invalid input for settings.update: ollamaUrl: Enter an http:// or https:// URL', {
      issues: [{ path: ['ollamaUrl'], message: 'Enter an http:// or https:// URL' }],
    });
    expect(fieldErrorMessage(error, 'ollamaUrl')).toBe('Enter an http:// or https:// URL');
  });

  it('falls back to the whole message', () => {
    expect(fieldErrorMessage(new AppError('INVALID_INPUT', 'Invalid input'), 'ollamaUrl')).toBe('Invalid input');
    expect(fieldErrorMessage(new AppError('DISCONNECTED', 'Lost connection to Loci: closed'), 'ollamaUrl')).toBe('Lost connection to Loci: closed');
  });
});
