import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { plainIssue } from './plainIssue';

const issue = (schema: z.ZodType, value: unknown): string => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return result.error.issues[0]!.message;
};

describe('plainIssue', () => {
  it('says zod’s own messages in plain words', () => {
    expect(plainIssue(issue(z.number().min(5), 2))).toBe('Use 5 or more');
    expect(plainIssue(issue(z.number().max(100), 200))).toBe('Use 100 or less');
    expect(plainIssue(issue(z.number().positive(), 0))).toBe('Use more than 0');
    expect(plainIssue(issue(z.string().min(1), ''))).toBe('This cannot be empty');
    expect(plainIssue(issue(z.string().max(3), 'abcd'))).toBe('Use at most 3 characters');
    expect(plainIssue(issue(z.number().int(), 1.5))).toBe('Enter a whole number');
    expect(plainIssue(issue(z.number(), 'x'))).toBe('Enter a number');
    expect(plainIssue(issue(z.enum(['a', 'b']), 'c'))).toBe('Choose one of the offered options');
  });

  it('keeps a message that is already plain', () => {
    expect(plainIssue('Enter a model name')).toBe('Enter a model name');
  });

  it('never shows a raw zod message for the common checks', () => {
    for (const [schema, value] of [[z.number().min(5), 1], [z.number().max(1), 9], [z.string().min(2), 'a'], [z.number().int(), 0.5], [z.array(z.string()).max(1), ['a', 'b']]] as const) {
      expect(plainIssue(issue(schema, value))).not.toMatch(/expected|received|Too (small|big)/);
    }
  });
});
