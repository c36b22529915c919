// How the Compare screen writes things: prompt versions, run modes, money, rates, ratings, column letters. Pure functions.
// Renderer (and Node tests).
import type { PromptTemplateInfo } from '../../../../shared/contract/chat';
import type { RunMode } from '../../../../shared/contract/compare';
import type { Settings } from '../../../../shared/contract/settings';
import { NONE } from '../../lib/format';

/** Columns are lettered A-D, in the order they were asked for. */
export const columnLetter = (index: number): string => String.fromCharCode(65 + index);

/** "grounded-answer@2" → "Grounded answer (concise) v2" when the template is known, else the key itself. */
export function templateLabel(key: string, templates: readonly PromptTemplateInfo[] | null): string {
  const [id, version] = key.split('@');
  const template = templates?.find((t) => t.id === id && String(t.version) === version);
  return template ? `${template.name} v${template.version}` : key;
}

export const MODE_LABELS: Record<RunMode, string> = {
  sequential: 'Sequential — fair timings, one at a time',
  parallel: 'Parallel — all at once, faster overall',
};

/** What the run mode means for the numbers shown. */
export function modeNote(mode: RunMode): string {
  return mode === 'sequential'
    ? 'Timings from a sequential run: one model at a time, each timed from its own start, so they compare fairly.'
    : 'Timings from a parallel run: the models shared the machine and were timed from the same start, so each looks slower than it would alone.';
}

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const smallDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** 0.001234 → "$0.0012", 0.5 → "$0.50", 12.3 → "$12.30". */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return NONE;
  if (usd === 0) return '$0';
  return Math.abs(usd) >= 1 ? dollars.format(usd) : smallDollars.format(usd).replace(/\.(\d)$/, '.$10');
}

/** The cloud model costs are compared with: Settings' reference price, else the first price. */
export function referenceModelName(settings: Pick<Settings, 'cloudPrices' | 'costReference'> | null): string | null {
  if (!settings) return null;
  return (settings.cloudPrices.find((p) => p.id === settings.costReference) ?? settings.cloudPrices[0])?.name ?? null;
}

/** 0.5 → "50%", null → "—". */
export const formatRate = (rate: number | null): string => (rate === null ? NONE : `${Math.round(rate * 100)}%`);

/** 4.25 → "4.3 ★". */
export const formatRating = (rating: number | null): string => (rating === null ? NONE : `${rating.toFixed(1)} ★`);
