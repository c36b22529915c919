// Turns token counts and time into money: the cloud-equivalent price of the same tokens, and an optional local
// energy estimate (watts × time × price per kWh).
import type { CloudPrice, Settings } from '../../../shared/contract/settings';

/** Dollars the same prompt and completion tokens would cost at this price. */
export function cloudCostUsd(promptTokens: number, completionTokens: number, price: CloudPrice): number {
  return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
}

/** kWh drawn at `watts` for `ms` milliseconds. */
export function energyKWh(ms: number, watts: number): number {
  return (watts * ms) / 3_600_000 / 1000;
}

export function referencePrice(settings: Settings): CloudPrice | null {
  return settings.cloudPrices.find((p) => p.id === settings.costReference) ?? settings.cloudPrices[0] ?? null;
}
