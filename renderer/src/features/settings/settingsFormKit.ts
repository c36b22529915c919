// What the Settings forms share as data: numbers kept as typed text and parsed on save, the key that tells a form
// its settings changed elsewhere, and the host's INVALID_INPUT issues placed next to their fields. Renderer (and
// Node tests).
import { z } from 'zod';
import type { Settings, SettingsPatch } from '../../../../shared/contract/settings';
import { toAppError } from '../../lib/errors';
import { formatInteger } from '../../lib/format';
import { plainIssue, settingName } from './plainIssue';

/** Errors by the form's own field names (not the settings' paths), so editing a field can clear its error. */
export type FieldErrors<F extends string> = Readonly<Partial<Record<F, string>>>;

/** No errors, typed for a form's fields. */
export const noErrors = <F extends string>(): FieldErrors<F> => ({}) as FieldErrors<F>;

/** What Save sends, or why it sends nothing. */
export type PatchResult<F extends string> = { readonly patch: SettingsPatch; readonly errors: null } | { readonly patch: null; readonly errors: FieldErrors<F> };

/** Where a setting shows in a form, and what to say when the host refuses its value (else the schema's words). */
export interface FieldTarget<F extends string> {
  readonly field: F;
  readonly message?: string;
}

export type FieldTargets<F extends string> = Readonly<Partial<Record<keyof Settings, FieldTarget<F>>>>;

/** Trims float noise from a unit conversion: 0.15 * 100 → "15", not "15.000000000000002". */
export const numberText = (value: number): string => String(Number(value.toPrecision(12)));

export const NUMBER_MESSAGE = 'Enter a number';
export const WHOLE_NUMBER_MESSAGE = 'Enter a whole number';

/** A typed number, or why it is not one. Ranges are the host's to check: it answers with issues per field. */
export function parseNumber(text: string, options: { integer?: boolean } = {}): { value: number; error: null } | { value: null; error: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { value: null, error: NUMBER_MESSAGE };
  if (options.integer && !Number.isInteger(value)) return { value: null, error: WHOLE_NUMBER_MESSAGE };
  return { value, error: null };
}

/** Collects parse errors by field while a patch is built. */
export function patchBuilder<F extends string>(): {
  num(text: string, field: F, options?: { integer?: boolean }): number;
  errors: Partial<Record<F, string>>;
  result(patch: SettingsPatch): PatchResult<F>;
} {
  const errors: Partial<Record<F, string>> = { ...noErrors<F>() };
  return {
    errors,
    num(text, field, options) {
      const parsed = parseNumber(text, options);
      if (parsed.error !== null) errors[field] ??= parsed.error;
      return parsed.value ?? Number.NaN;
    },
    result: (patch) => (Object.keys(errors).length > 0 ? { patch: null, errors } : { patch, errors: null }),
  };
}

/** Changes when any of these settings change: a form that is not being edited then follows them. */
export const settingsKey = (settings: Settings, keys: readonly (keyof Settings)[]): string => JSON.stringify(keys.map((key) => settings[key]));

/**
 * Where the host's issue with a settings path shows: a table by top-level setting, or, for a form whose fields stand
 * for nested paths (a price row's name), a function from the issue's dotted path. Undefined: no field of this form.
 */
export type FieldLookup<F extends string> = FieldTargets<F> | ((path: string) => FieldTarget<F> | undefined);

const IssuesSchema = z.object({ issues: z.array(z.object({ path: z.array(z.string()), message: z.string() })) });

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** A failed save as errors by field, plus what fits none of this form's fields (another setting, or no issues). */
export function errorsFromFailure<F extends string>(failure: unknown, targets: FieldLookup<F>): { fields: FieldErrors<F>; general: string | null } {
  const error = toAppError(failure);
  const parsed = error.code === 'INVALID_INPUT' ? IssuesSchema.safeParse(error.details) : null;
  if (!parsed?.success) return { fields: noErrors<F>(), general: error.message };
  return errorsFromIssues(parsed.data.issues, targets);
}

/** Schema issues (the host's, or the same contract schema run before saving) as errors by field, plus the rest. */
export function errorsFromIssues<F extends string>(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
  targets: FieldLookup<F>,
): { fields: FieldErrors<F>; general: string | null } {
  const targetOf = typeof targets === 'function' ? targets : (path: string) => (Object.hasOwn(targets, path) ? targets[path as keyof Settings] : undefined);
  const fields: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const raw of issues) {
    const issue = { path: raw.path.map(String), message: raw.message };
    const path = issue.path.join('.');
    const target = targetOf(path);
    // the schema's words are for developers: every message the user sees is plain
    if (target) fields[target.field] ??= target.message ?? plainIssue(issue.message);
    else rest.push(issue.path.length > 0 ? `${settingName(issue.path[0]!)}: ${lowerFirst(plainIssue(issue.message))}` : plainIssue(issue.message));
  }
  return { fields, general: rest.length > 0 ? rest.join('; ') : null };
}

/** "1 document", "12 documents". */
export const countOf = (n: number, noun: string): string => `${formatInteger(n)} ${noun}${n === 1 ? '' : 's'}`;

/** One Settings section's form as data: its draft made from the settings, and the patch it saves. */
export interface SettingsFormSpec<D, F extends string> {
  /** Changes when the settings this form shows change. */
  key(settings: Settings): string;
  draft(settings: Settings): D;
  /** What Save sends for this section, or why it sends nothing; `current` is the settings being edited. */
  patch(draft: D, current: Settings): PatchResult<F>;
  /** Where the host's issues with the saved settings show. */
  targets: FieldLookup<F>;
}
