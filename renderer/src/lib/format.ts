// Small display formatters every screen shares. Renderer (and Node tests).

/** What a missing figure shows as (no answers, or none that measured it). */
export const NONE = '—';

/** 1_300_000_000 → "1.3 GB" (decimal units, as Ollama and the OS show model sizes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** 1234 → "1,234" in the user's locale. */
export const formatCount = (value: number): string => value.toLocaleString();

/** Seconds as "45 s", "3 min", "1 h 20 min": an estimate, so coarse. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A whole number with the same thousands separators everywhere: 12345 → "12,345". */
export const formatInteger = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Tokens per second: "95 tok/s", "7.5 tok/s", "2,400 tok/s". */
export function formatTokensPerSecond(tps: number | null): string {
  if (tps === null || !Number.isFinite(tps)) return NONE;
  return `${tps < 10 ? tps.toFixed(1) : formatInteger(tps)} tok/s`;
}

/** Milliseconds as "12 ms" or "1.4 s". */
export const formatMs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

const RELATIVE_STEPS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
];

/** An epoch-ms time as "just now", "5 minutes ago", "yesterday"; a date once it is more than a week old. */
export function formatRelativeTime(epochMs: number, now: number = Date.now(), locale?: string): string {
  // a clock read a little before the time (a refresh after the last tick) still means "just now"
  let value = Math.min(0, (epochMs - now) / 1000);
  if (Math.abs(value) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return new Date(epochMs).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}
