import { describe, expect, it } from 'vitest';
import { NONE } from '../../lib/format';
import {
  formatAxisMs,
  formatAxisTps,
  formatBucketSize,
  formatBucketTime,
  formatEnergy,
  formatErrorsByType,
  formatEventTime,
  formatLatency,
  formatPercent,
  formatPrice,
  formatUsd,
} from './metricsFormat';

describe('metrics formatting', () => {
  it('writes durations in ms below a second, in seconds above', () => {
    expect(formatLatency(null)).toBe(NONE);
    expect(formatLatency(0.42)).toBe('0.4 ms');
    expect(formatLatency(849.6)).toBe('850 ms');
    expect(formatLatency(1234)).toBe('1.23 s');
    expect(formatLatency(15_420)).toBe('15.4 s');
    expect(formatLatency(75_000)).toBe('1 min 15 s');
    expect(formatLatency(120_000)).toBe('2 min');
    expect(formatAxisMs(0)).toBe('0');
    expect(formatAxisMs(9)).toBe('9 ms');
    expect(formatAxisMs(2.5)).toBe('2.5 ms');
    expect(formatAxisMs(450)).toBe('450 ms');
    expect(formatAxisMs(1500)).toBe('1.5 s');
    expect(formatAxisMs(2000)).toBe('2 s');
    expect(formatAxisTps(150)).toBe('150 tok/s');
    expect(formatAxisTps(0)).toBe('0');
  });

  it('writes small amounts of money with four significant digits', () => {
    expect(formatUsd(null)).toBe(NONE);
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.0012)).toBe('$0.0012');
    expect(formatUsd(0.00123456)).toBe('$0.001235');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(12.3)).toBe('$12.30');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(-0.0004)).toBe('-$0.0004');
    expect(formatPrice(2.5)).toBe('$2.50');
    expect(formatPrice(0.075)).toBe('$0.075');
  });

  it('writes rates as percentages', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.25)).toBe('25%');
    expect(formatPercent(0.0333)).toBe('3.3%');
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('writes energy and errors', () => {
    expect(formatEnergy(0.0012)).toBe('1.2 Wh');
    expect(formatEnergy(0.25)).toBe('250 Wh');
    expect(formatEnergy(1.5)).toBe('1.50 kWh');
    expect(formatErrorsByType({ OLLAMA_UNREACHABLE: 1, OLLAMA_ERROR: 2, X: 0 })).toBe('OLLAMA_ERROR 2 · OLLAMA_UNREACHABLE 1');
    expect(formatErrorsByType({})).toBe('');
  });

  it('labels buckets by the span they cover', () => {
    const start = new Date(2025, 0, 6, 14, 5).getTime(); // a Monday
    const hour = 3_600_000;
    expect(formatBucketTime(start, 60_000, hour)).toBe('14:05');
    expect(formatBucketTime(start, 3 * hour, 7 * 24 * hour)).toBe('Mon 14:05');
    expect(formatBucketTime(start, 6 * hour, 30 * 24 * hour)).toBe('Jan 6 14:05');
    expect(formatBucketTime(start, 24 * hour, 90 * 24 * hour)).toBe('Jan 6');
    expect(formatBucketSize(60_000)).toBe('1-minute');
    expect(formatBucketSize(3 * hour)).toBe('3-hour');
    expect(formatBucketSize(24 * hour)).toBe('1-day');
  });

  it('writes an event’s time, with its date when not today', () => {
    const time = new Date(2025, 0, 6, 9, 3, 7).getTime();
    expect(formatEventTime(time, new Date(2025, 0, 6, 18).getTime())).toBe('09:03:07');
    expect(formatEventTime(time, new Date(2025, 0, 8, 18).getTime())).toBe('Jan 6 09:03:07');
  });
});
