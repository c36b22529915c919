import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatInteger, formatMs, formatRelativeTime, formatTokensPerSecond, NONE } from './format';

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_300_000_000)).toBe('1.3 GB');
    expect(formatBytes(274_000_000)).toBe('274 MB');
  });
});

describe('formatDuration', () => {
  it('rounds to what an estimate deserves', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(150)).toBe('3 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(4800)).toBe('1 h 20 min');
  });
});

describe('formatMs', () => {
  it('switches to seconds past one', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1430)).toBe('1.4 s');
  });
});

describe('formatInteger and formatTokensPerSecond', () => {
  it('groups thousands, and writes slow speeds to a tenth', () => {
    expect(formatInteger(12_345.4)).toBe('12,345');
    expect(formatTokensPerSecond(95.4)).toBe('95 tok/s');
    expect(formatTokensPerSecond(7.46)).toBe('7.5 tok/s');
    expect(formatTokensPerSecond(2400)).toBe('2,400 tok/s');
    expect(formatTokensPerSecond(null)).toBe(NONE);
  });
});

describe('formatRelativeTime', () => {
  const now = Date.UTC(2025, 5, 15, 12);
  it('says how long ago, then the date', () => {
    expect(formatRelativeTime(now - 10_000, now, 'en')).toBe('just now');
    expect(formatRelativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now, 'en')).toBe('3 hours ago');
    expect(formatRelativeTime(now - 24 * 3_600_000, now, 'en')).toBe('yesterday');
    expect(formatRelativeTime(now - 30 * 24 * 3_600_000, now, 'en')).toMatch(/2025/);
  });
});
