import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract/errors';
import { SettingsPatchSchema } from '../../../../shared/contract/settings';
import { sampleSettings } from '../../stores/testing/fixtures';
import { errorsFromFailure } from './settingsFormKit';
import { costsFieldOf, draftFromSettings, newPriceRow, patchFromDraft, slugify, type CostsAlertsDraft } from './costsAlertsForm';

const draft = (patch: Partial<CostsAlertsDraft> = {}): CostsAlertsDraft => ({ ...draftFromSettings(sampleSettings()), ...patch });

describe('costs and alerts form', () => {
  it('shows the settings in the form’s units', () => {
    const d = draftFromSettings(sampleSettings({ alerts: { window: 20, errorRate: 0.1, p95LatencyMs: 9_200 } }));
    expect(d.errorRatePercent).toBe('10');
    expect(d.p95Seconds).toBe('9.2');
    expect(d.reference).toBe('gpt-4o');
    expect(d.prices[1]).toMatchObject({ id: 'gpt-4o-mini', name: 'OpenAI GPT-4o mini', inputPerMillion: '0.15', outputPerMillion: '0.6' });
  });

  it('saves what it shows unchanged, as a valid patch', () => {
    const result = patchFromDraft(draft());
    const settings = sampleSettings();
    expect(result.errors).toBeNull();
    expect(result.patch).toEqual({
      cloudPrices: settings.cloudPrices,
      costReference: 'gpt-4o',
      energyEstimate: settings.energyEstimate,
      alerts: settings.alerts,
      metricsRetentionDays: settings.metricsRetentionDays,
    });
    expect(SettingsPatchSchema.safeParse(result.patch).success).toBe(true);
  });

  it('gives added rows an id from their name, unique, and follows the reference', () => {
    const row = { ...newPriceRow(), name: 'OpenAI GPT-4o', inputPerMillion: '5', outputPerMillion: '15' };
    const blank = { ...newPriceRow(), name: '  ', inputPerMillion: '1', outputPerMillion: '2' };
    const result = patchFromDraft(draft({ prices: [...draft().prices, row, blank], reference: row.key }));
    const ids = result.patch?.cloudPrices?.map((p) => p.id);
    expect(ids?.at(-2)).toBe('openai-gpt-4o');
    expect(ids?.at(-1)).toBe('price-7');
    expect(result.patch?.costReference).toBe('openai-gpt-4o');
    expect(result.patch?.alerts?.errorRate).toBe(0.25);
    expect(slugify('Mistral Large 2 (2407)')).toBe('mistral-large-2-2407');
  });

  it('names the fields that are not numbers', () => {
    const prices = draft().prices.map((p, i) => (i === 1 ? { ...p, outputPerMillion: 'abc' } : p));
    const result = patchFromDraft(draft({ prices, watts: '', p95Seconds: '1e' }));
    expect(result.errors).toEqual({ 'cloudPrices.1.outputPerMillion': 'Enter a number', 'energyEstimate.watts': 'Enter a number', 'alerts.p95LatencyMs': 'Enter a number' });
  });

  it('places the host’s issues next to their fields, in the form’s units', () => {
    const error = new AppError('INVALID_INPUT', 'Invalid input for settings.update', {
      issues: [
        { path: ['alerts', 'window'], message: 'Too small: expected number to be >=5' },
        { path: ['alerts', 'errorRate'], message: 'Too big: expected number to be <=1' },
        { path: ['cloudPrices', '2', 'id'], message: 'This cannot be empty' },
        { path: ['cloudPrices'], message: 'Too big: expected array to have <=50 items' },
      ],
    });
    expect(errorsFromFailure(error, costsFieldOf)).toEqual({
      fields: {
        'alerts.window': 'Use 5 or more',
        'alerts.errorRate': 'Enter a percentage from 0 to 100',
        'cloudPrices.2.name': 'This cannot be empty',
      },
      general: 'Cloud prices: use at most 50',
    });
    expect(errorsFromFailure(new AppError('INTERNAL', 'disk full'), costsFieldOf)).toEqual({ fields: {}, general: 'disk full' });
  });
});
