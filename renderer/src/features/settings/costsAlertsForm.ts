// The "Costs & alerts" settings form as data: a draft of strings from the settings, the patch it saves, and the
// host's INVALID_INPUT issues placed next to their fields (by the setting's path, since a price row's fields are
// nested). Renderer (and Node tests).
import type { Settings, SettingsPatch } from '../../../../shared/contract/settings';
import { numberText, patchBuilder, type FieldTarget, type PatchResult } from './settingsFormKit';

export interface PriceDraft {
  /** Stable React key; also what the reference select picks. */
  readonly key: string;
  /** The saved id, or null for a row added here (its id is made from its name when saved). */
  readonly id: string | null;
  readonly name: string;
  readonly inputPerMillion: string;
  readonly outputPerMillion: string;
}

export interface CostsAlertsDraft {
  readonly prices: readonly PriceDraft[];
  /** The key of the reference row. */
  readonly reference: string;
  readonly energyEnabled: boolean;
  readonly watts: string;
  readonly pricePerKWh: string;
  readonly alertWindow: string;
  readonly errorRatePercent: string;
  readonly p95Seconds: string;
  readonly retentionDays: string;
}

/** The form's fields are the settings' paths, as the host reports them: `cloudPrices.0.name`, `alerts.window`. */
export type CostsField = string;

export function draftFromSettings(settings: Settings): CostsAlertsDraft {
  const reference = settings.cloudPrices.find((p) => p.id === settings.costReference) ?? settings.cloudPrices[0];
  return {
    prices: settings.cloudPrices.map((p) => ({ key: p.id, id: p.id, name: p.name, inputPerMillion: numberText(p.inputPerMillion), outputPerMillion: numberText(p.outputPerMillion) })),
    reference: reference?.id ?? '',
    energyEnabled: settings.energyEstimate.enabled,
    watts: numberText(settings.energyEstimate.watts),
    pricePerKWh: numberText(settings.energyEstimate.pricePerKWh),
    alertWindow: numberText(settings.alerts.window),
    errorRatePercent: numberText(settings.alerts.errorRate * 100),
    p95Seconds: numberText(settings.alerts.p95LatencyMs / 1000),
    retentionDays: numberText(settings.metricsRetentionDays),
  };
}

let added = 0;
/** A blank row for the price table. */
export const newPriceRow = (): PriceDraft => ({ key: `new-${++added}`, id: null, name: '', inputPerMillion: '', outputPerMillion: '' });

/** "Mistral Large 2" → "mistral-large-2". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The patch to save, or the fields that are not numbers. Ranges are the host's to check (it answers with issues). */
export function patchFromDraft(draft: CostsAlertsDraft): PatchResult<CostsField> {
  const builder = patchBuilder<CostsField>();
  const num = builder.num;

  const taken = new Set(draft.prices.filter((p) => p.id !== null).map((p) => p.id));
  const cloudPrices = draft.prices.map((p, i) => {
    let id = p.id;
    if (id === null) {
      const base = slugify(p.name) || `price-${i + 1}`;
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
    }
    return { id, name: p.name.trim(), inputPerMillion: num(p.inputPerMillion, `cloudPrices.${i}.inputPerMillion`), outputPerMillion: num(p.outputPerMillion, `cloudPrices.${i}.outputPerMillion`) };
  });
  const referenceIndex = Math.max(0, draft.prices.findIndex((p) => p.key === draft.reference));
  const patch: SettingsPatch = {
    cloudPrices,
    energyEstimate: { enabled: draft.energyEnabled, watts: num(draft.watts, 'energyEstimate.watts'), pricePerKWh: num(draft.pricePerKWh, 'energyEstimate.pricePerKWh') },
    alerts: { window: num(draft.alertWindow, 'alerts.window'), errorRate: num(draft.errorRatePercent, 'alerts.errorRate') / 100, p95LatencyMs: num(draft.p95Seconds, 'alerts.p95LatencyMs') * 1000 },
    metricsRetentionDays: num(draft.retentionDays, 'metricsRetentionDays'),
  };
  // with no rows there is no reference to name; the host keeps the last one
  if (cloudPrices.length > 0) patch.costReference = cloudPrices[referenceIndex]!.id;
  return builder.result(patch);
}

// The form shows percentages and seconds where the settings hold a fraction and milliseconds, so the schema's
// words for those two ("expected number to be <=1") would mislead: say it in the form's units instead.
const UNIT_MESSAGES: Readonly<Record<string, string>> = {
  'alerts.errorRate': 'Enter a percentage from 0 to 100',
  'alerts.p95LatencyMs': 'Enter 0.1 to 600 seconds',
};

/** The paths that have a field of their own in the form. */
const FIELD_PATHS = /^(cloudPrices\.\d+\.(name|inputPerMillion|outputPerMillion)|energyEstimate\.(watts|pricePerKWh)|alerts\.(window|errorRate|p95LatencyMs)|metricsRetentionDays|costReference)$/;

/** The field the host's issue with a path shows in (`errorsFromFailure`): a price's id is made from its name, so an
 * issue with the id shows on the name. */
export function costsFieldOf(path: string): FieldTarget<CostsField> | undefined {
  const field = /^cloudPrices\.\d+\.id$/.test(path) ? path.replace(/id$/, 'name') : path;
  return FIELD_PATHS.test(field) ? { field, message: UNIT_MESSAGES[field] } : undefined;
}
