// The small Settings sections as form data: the Ollama URL, the theme, and answer trust (passage guard, verify
// with model). Saved with the rest through the one save bar. Renderer (and Node tests).
import type { Settings, Theme } from '../../../../shared/contract/settings';
import type { PassageGuard } from '../../../../shared/contract/trust';
import { settingsKey, type SettingsFormSpec } from './settingsFormKit';

export interface OllamaDraft {
  readonly url: string;
}

export const OLLAMA_FORM: SettingsFormSpec<OllamaDraft, 'url'> = {
  key: (settings) => settingsKey(settings, ['ollamaUrl']),
  draft: (settings) => ({ url: settings.ollamaUrl }),
  patch: (draft) => ({ patch: { ollamaUrl: draft.url.trim() }, errors: null }),
  // the contract's own words ("Enter an http:// or https:// URL")
  targets: { ollamaUrl: { field: 'url' } },
};

export interface AppearanceDraft {
  readonly theme: Theme;
}

export const APPEARANCE_FORM: SettingsFormSpec<AppearanceDraft, 'theme'> = {
  key: (settings) => settingsKey(settings, ['theme']),
  draft: (settings) => ({ theme: settings.theme }),
  patch: (draft) => ({ patch: { theme: draft.theme }, errors: null }),
  targets: { theme: { field: 'theme' } },
};

export interface TrustDraft {
  readonly passageGuard: PassageGuard;
  readonly verify: 'off' | 'on';
}

export const TRUST_FORM: SettingsFormSpec<TrustDraft, keyof TrustDraft> = {
  key: (settings: Settings) => settingsKey(settings, ['passageGuard', 'groundingVerifyWithModel']),
  draft: (settings) => ({ passageGuard: settings.passageGuard, verify: settings.groundingVerifyWithModel ? 'on' : 'off' }),
  patch: (draft) => ({ patch: { passageGuard: draft.passageGuard, groundingVerifyWithModel: draft.verify === 'on' }, errors: null }),
  targets: { passageGuard: { field: 'passageGuard' }, groundingVerifyWithModel: { field: 'verify' } },
};
