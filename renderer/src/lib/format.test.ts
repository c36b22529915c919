import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_300_000_000)).toBe('1.3 GB');
    expect(formatBytes(274_000_000)).toBe('274 MB');
  });
});
