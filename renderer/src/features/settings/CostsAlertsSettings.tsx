// Settings' "Costs & alerts": the cloud price table and the reference model, the energy estimate, alert thresholds
// and how long metrics are kept. Saved together with `settings.update`; the host's issues show by their fields. Renderer.
import { useId, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { metricsSettingsKey } from '../../stores/metricsStore';
import { useSettings } from '../../stores/StoresContext';
import type { FieldErrors } from './settingsFormKit';
import { useSettingsForm } from './useSettingsForm';
import { costsFieldOf, draftFromSettings, newPriceRow, patchFromDraft, type CostsField, type PriceDraft } from './costsAlertsForm';
import './costsAlerts.css';

const COSTS_FORM = { key: metricsSettingsKey, draft: draftFromSettings, patch: patchFromDraft, targets: costsFieldOf };

export function CostsAlertsSettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return <CostsAlertsForm settings={settings} />;
}

function CostsAlertsForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('costs', settings, COSTS_FORM);
  const energyId = useId();
  const { draft, errors, edit } = form;

  const editPrice = (index: number, patch: Partial<PriceDraft>): void => edit({ prices: draft.prices.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
  const removePrice = (index: number): void => {
    const prices = draft.prices.filter((_, i) => i !== index);
    // the reference follows to the first row when its own row goes
    edit({ prices, reference: prices.some((p) => p.key === draft.reference) ? draft.reference : (prices[0]?.key ?? '') });
  };

  const referenceOptions = draft.prices.map((p, i) => ({ value: p.key, label: p.name.trim() || `Unnamed price ${i + 1}` }));

  return (
    <Section
      title="Costs & alerts"
      description="Metrics turn each answer’s tokens into what the same answer would cost at a cloud model’s list price, and warn when a model’s recent answers fail or slow down."
      testId="settings-costs"
    >
      <form className="costs-form" onSubmit={form.submit} noValidate>
        <fieldset className="costs-form__group">
          <legend>Cloud prices</legend>
          <p className="settings-form__hint">US dollars per million tokens, as each vendor lists them.</p>
          <div className="costs-form__prices-scroller">
            <table className="costs-form__prices" data-testid="settings-prices">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">$ / 1M input</th>
                  <th scope="col">$ / 1M output</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.prices.map((price, i) => (
                  <PriceRow
                    key={price.key}
                    price={price}
                    index={i}
                    errors={errors}
                    onChange={(patch) => editPrice(i, patch)}
                    onRemove={() => removePrice(i)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <Button
            onClick={() => {
              const row = newPriceRow();
              edit({ prices: [...draft.prices, row], reference: draft.reference || row.key });
            }}
            disabled={draft.prices.length >= 50}
            data-testid="settings-price-add"
          >
            <Icon name="plus" size={16} />
            Add a price
          </Button>
          {draft.prices.length > 0 ? (
            <SelectField
              label="Compare against"
              value={draft.reference}
              options={referenceOptions}
              onChange={(reference) => edit({ reference })}
              error={errors['costReference']}
              testId="settings-cost-reference"
            />
          ) : (
            <p className="settings-form__hint">Add a price to see cloud-equivalent costs.</p>
          )}
        </fieldset>

        <fieldset className="costs-form__group">
          <legend>Energy estimate</legend>
          <label className="settings-form__check" htmlFor={energyId}>
            <input id={energyId} type="checkbox" checked={draft.energyEnabled} onChange={(event) => edit({ energyEnabled: event.target.checked })} data-testid="settings-energy-enabled" />
            Estimate the electricity used while generating, and subtract it from the savings
          </label>
          <div className="costs-form__row">
            <NumberField label="Average power draw" unit="W" min={0} max={5000} value={draft.watts} onChange={(watts) => edit({ watts })} error={errors['energyEstimate.watts']} disabled={!draft.energyEnabled} testId="settings-energy-watts" />
            <NumberField label="Electricity price" prefix="$" unit="per kWh" min={0} max={10} value={draft.pricePerKWh} onChange={(pricePerKWh) => edit({ pricePerKWh })} error={errors['energyEstimate.pricePerKWh']} disabled={!draft.energyEnabled} testId="settings-energy-price" />
          </div>
        </fieldset>

        <fieldset className="costs-form__group">
          <legend>Alerts</legend>
          <p className="settings-form__hint">Over each model’s most recent answers; an alert needs at least 5 of them.</p>
          <div className="costs-form__row">
            <NumberField label="Look at the last" unit="answers" min={5} max={1000} step={1} value={draft.alertWindow} onChange={(alertWindow) => edit({ alertWindow })} error={errors['alerts.window']} testId="settings-alert-window" />
            <NumberField label="Warn when errors reach" unit="%" min={0} max={100} value={draft.errorRatePercent} onChange={(errorRatePercent) => edit({ errorRatePercent })} error={errors['alerts.errorRate']} testId="settings-alert-error-rate" />
            <NumberField label="Warn when p95 latency reaches" unit="s" min={0.1} max={600} value={draft.p95Seconds} onChange={(p95Seconds) => edit({ p95Seconds })} error={errors['alerts.p95LatencyMs']} testId="settings-alert-p95" />
          </div>
        </fieldset>

        <fieldset className="costs-form__group">
          <legend>Retention</legend>
          <NumberField label="Keep metrics for" unit="days" min={1} max={3650} step={1} value={draft.retentionDays} onChange={(retentionDays) => edit({ retentionDays })} error={errors['metricsRetentionDays']} testId="settings-retention-days" />
        </fieldset>
      </form>
    </Section>
  );
}

interface PriceRowProps {
  price: PriceDraft;
  index: number;
  errors: FieldErrors<CostsField>;
  onChange(patch: Partial<PriceDraft>): void;
  onRemove(): void;
}

function PriceRow({ price, index, errors, onChange, onRemove }: PriceRowProps): ReactNode {
  const id = useId();
  const label = price.name.trim() || `row ${index + 1}`;
  const cell = (field: 'name' | 'inputPerMillion' | 'outputPerMillion', aria: string, numeric: boolean): ReactNode => {
    const error = errors[`cloudPrices.${index}.${field}`];
    const errorId = `${id}-${field}-error`;
    return (
      <td>
        <input
          className={numeric ? 'field__input costs-form__cell costs-form__cell--num' : 'field__input costs-form__cell'}
          type={numeric ? 'number' : 'text'}
          inputMode={numeric ? 'decimal' : undefined}
          min={numeric ? 0 : undefined}
          step={numeric ? 'any' : undefined}
          value={price[field]}
          aria-label={aria}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange({ [field]: event.target.value })}
          data-testid={`settings-price-${field === 'name' ? 'name' : field === 'inputPerMillion' ? 'input' : 'output'}`}
        />
        {error ? (
          <p id={errorId} className="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
    );
  };
  return (
    <tr data-testid="settings-price-row" data-id={price.id ?? undefined}>
      {cell('name', `Name of price ${index + 1}`, false)}
      {cell('inputPerMillion', `Input price of ${label}, dollars per million tokens`, true)}
      {cell('outputPerMillion', `Output price of ${label}, dollars per million tokens`, true)}
      <td>
        <Button variant="ghost" aria-label={`Remove ${label}`} onClick={onRemove} data-testid="settings-price-remove">
          <Icon name="trash" size={16} />
        </Button>
      </td>
    </tr>
  );
}
