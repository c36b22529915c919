// Budget arithmetic: tokens, cloud-equivalent cost and generation time used in the current local day and month,
// from the recorded answer metrics, against the limits in Settings. Pure functions; main side.
import type { MetricEvent } from '../../../shared/contract/metrics';
import type { BudgetLine, BudgetMeasure, BudgetStatus } from '../../../shared/contract/resilience';
import type { Settings } from '../../../shared/contract/settings';
import { generationMs, isAnswer } from '../metrics/aggregateMetrics';
import { cloudCostUsd, referencePrice } from '../metrics/costModel';

/** Local midnight of the day and the first of the month holding `now` (the process's time zone). */
export function periodStarts(now: number): { day: number; month: number } {
  const d = new Date(now);
  return { day: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(), month: new Date(d.getFullYear(), d.getMonth(), 1).getTime() };
}

type Use = Record<BudgetMeasure, number>;

/** What these answers used: tokens (prompt and completion), USD at the reference price, seconds generating. */
export function usageOf(events: readonly MetricEvent[], settings: Settings): Use {
  const price = referencePrice(settings);
  const use: Use = { tokens: 0, costUsd: 0, generationSec: 0 };
  for (const e of events) {
    // a cached answer generated nothing
    if (!isAnswer(e) || e.cacheHit === true) continue;
    const prompt = e.promptTokens ?? 0;
    const completion = e.completionTokens ?? 0;
    use.tokens += prompt + completion;
    if (price) use.costUsd += cloudCostUsd(prompt, completion, price);
    use.generationSec += (generationMs(e) ?? 0) / 1000;
  }
  return use;
}

const MEASURES: readonly BudgetMeasure[] = ['tokens', 'costUsd', 'generationSec'];
const NAMES: Record<BudgetMeasure, string> = { tokens: 'tokens', costUsd: 'cloud-equivalent cost', generationSec: 'generation time' };

function amount(measure: BudgetMeasure, value: number): string {
  if (measure === 'costUsd') return `$${value.toFixed(value < 1 ? 4 : 2)}`;
  if (measure === 'generationSec') return `${Math.round(value)} s`;
  return Math.round(value).toLocaleString('en-US');
}

export function budgetStatus(events: readonly MetricEvent[], settings: Settings, now: number, generations: { active: number }): BudgetStatus {
  const starts = periodStarts(now);
  const budgets = settings.budgets;
  const byPeriod = {
    day: usageOf(events.filter((e) => e.time >= starts.day && e.time <= now), settings),
    month: usageOf(events.filter((e) => e.time >= starts.month && e.time <= now), settings),
  };
  const lines: BudgetLine[] = [];
  const messages: string[] = [];
  for (const period of ['day', 'month'] as const) {
    const limits = period === 'day' ? budgets.daily : budgets.monthly;
    for (const measure of MEASURES) {
      const used = byPeriod[period][measure];
      const limit = limits[measure];
      const share = limit === null ? null : limit === 0 ? (used > 0 ? Infinity : 1) : used / limit;
      const state: BudgetLine['state'] = share === null ? 'ok' : share >= 1 ? 'exceeded' : share >= budgets.warnAtShare ? 'warning' : 'ok';
      lines.push({ measure, period, used, limit, share: share === null || !Number.isFinite(share) ? (share === null ? null : 1) : share, state });
      if (state !== 'ok' && limit !== null) {
        const label = `${period === 'day' ? 'Daily' : 'Monthly'} ${NAMES[measure]}`;
        const pct = limit > 0 ? ` (${Math.round((used / limit) * 100)}%)` : '';
        messages.push(`${label}: ${amount(measure, used)} of ${amount(measure, limit)}${pct}${state === 'exceeded' ? (budgets.atLimit === 'block' ? ', new answers are blocked' : ', limit reached') : ''}`);
      }
    }
  }
  const exceeded = lines.some((l) => l.state === 'exceeded');
  return {
    lines,
    atLimit: budgets.atLimit,
    blocked: exceeded && budgets.atLimit === 'block',
    messages,
    activeGenerations: generations.active,
    maxConcurrentGenerations: settings.maxConcurrentGenerations,
  };
}
