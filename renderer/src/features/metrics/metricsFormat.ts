// How the Metrics screen writes its numbers: durations, money, rates, energy and bucket times. Renderer (and Node tests).
import type { MetricRange } from '../../../../shared/contract/metrics';
import { NONE } from '../../lib/format';

/** 0.4 → "0.4 ms", 850 → "850 ms", 1234 → "1.23 s", 15_400 → "15.4 s", 75_000 → "1 min 15 s". */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return NONE;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** An axis tick: round values, no trailing zeros ("0", "9 ms", "450 ms", "1.5 s"). */
export function formatAxisMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Number(ms.toFixed(ms < 10 ? 1 : 0))} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** An axis tick for speeds: "0", "150 tok/s". */
export const formatAxisTps = (tps: number): string => (tps === 0 ? '0' : `${Number(tps.toFixed(tps < 10 ? 1 : 0))} tok/s`);

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 4 });

/**
 * US dollars: cents for a dollar or more ("$12.30"), four significant digits below it, where local answers
 * usually land ("$0.0012", "$0.1235"). Negative amounts (energy dearer than the cloud) keep their sign.
 */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return NONE;
  if (usd === 0) return '$0';
  return Math.abs(usd) >= 1 ? dollars.format(usd) : significant(usd);
}

/** Four significant digits, but never a lone tenth ("$0.50", not "$0.5"). */
const significant = (usd: number): string => cents.format(usd).replace(/\.(\d)$/, '.$10');

/** A price per million tokens, as the vendors publish it: "$2.50", "$0.075". */
export function formatPrice(usdPerMillion: number): string {
  return usdPerMillion >= 1 ? dollars.format(usdPerMillion) : significant(usdPerMillion);
}

/** 0.25 → "25%", 0.033 → "3.3%", 0.0004 → "<0.1%", 0 → "0%". */
export function formatPercent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return NONE;
  const percent = rate * 100;
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  if (percent < 10) return `${Number(percent.toFixed(1))}%`;
  return `${Math.round(percent)}%`;
}

/** Energy: "0.12 Wh" below a kWh, "1.25 kWh" above. */
export function formatEnergy(kWh: number | null): string {
  if (kWh === null || !Number.isFinite(kWh)) return NONE;
  if (kWh < 1) {
    const wh = kWh * 1000;
    return `${wh < 10 ? Number(wh.toPrecision(2)) : Math.round(wh)} Wh`;
  }
  return `${kWh.toFixed(2)} kWh`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A bucket's start as an axis label: a clock time within a day, a weekday and time within a week, else a date. */
export function formatBucketTime(start: number, bucketMs: number, spanMs: number, locale = 'en-US'): string {
  const date = new Date(start);
  if (bucketMs >= DAY) return date.toLocaleDateString(locale, { month: 'short', day: 'numeric' });
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (spanMs <= DAY) return time;
  if (spanMs <= 7 * DAY) return `${date.toLocaleDateString(locale, { weekday: 'short' })} ${time}`;
  return `${date.toLocaleDateString(locale, { month: 'short', day: 'numeric' })} ${time}`;
}

/** A bucket's length in words, for the tables' captions: "1-minute", "3-hour", "1-day". */
export function formatBucketSize(bucketMs: number): string {
  if (bucketMs >= DAY) return `${Math.round(bucketMs / DAY)}-day`;
  if (bucketMs >= HOUR) return `${Math.round(bucketMs / HOUR)}-hour`;
  return `${Math.round(bucketMs / 60_000)}-minute`;
}

/** An event's time in the recent events table: the time today, else date and time. */
export function formatEventTime(time: number, now: number = Date.now(), locale = 'en-US'): string {
  const date = new Date(time);
  const clock = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  if (new Date(now).toDateString() === date.toDateString()) return clock;
  return `${date.toLocaleDateString(locale, { month: 'short', day: 'numeric' })} ${clock}`;
}

export const RANGE_LABELS: Record<MetricRange, string> = { hour: 'Last hour', day: 'Last day', week: 'Last week', all: 'All time' };

/** Errors by type as one line: "OLLAMA_ERROR 2 · OLLAMA_UNREACHABLE 1", most frequent first. */
export function formatErrorsByType(errorsByType: Readonly<Record<string, number>>): string {
  const entries = Object.entries(errorsByType).filter(([, n]) => n > 0);
  if (entries.length === 0) return '';
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${type} ${n}`)
    .join(' · ');
}
