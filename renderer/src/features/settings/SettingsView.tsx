// The Settings screen: every section (saved together by one save bar), reset to defaults, and About. Renderer.
import { useRef, useState, type ReactNode } from 'react';
import { SettingsContents } from './SettingsContents';
import type { Settings, Theme } from '../../../../shared/contract/settings';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { Section } from '../../components/Section';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { toAppError } from '../../lib/errors';
import { useAppInfo, useSettings, useSettingsDraft } from '../../stores/StoresContext';
import { CostsAlertsSettings } from './CostsAlertsSettings';
import { TrustSettings } from './TrustSettings';
import { ResilienceSettings } from './ResilienceSettings';
import { EmbeddingSettings } from './EmbeddingSettings';
import { EnginesSettings } from './EnginesSettings';
import { LibrarySettings } from './LibrarySettings';
import { CacheRoutingSettings } from './CacheRoutingSettings';
import { SearchSettings } from './SearchSettings';
import { APPEARANCE_FORM, OLLAMA_FORM } from './generalForms';
import { LeaveSettingsDialog } from './LeaveSettingsDialog';
import { SettingsSaveBar } from './SettingsSaveBar';
import { useConnectionTest } from './useConnectionTest';
import { useLeaveGuard } from './useLeaveGuard';
import { useSectionTarget } from '../../lib/useHashRoute';
import { useSettingsForm } from './useSettingsForm';
import './settings.css';

const THEME_OPTIONS: readonly SelectOption<Theme>[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsView(): ReactNode {
  const settings = useSettings((state) => state.settings);
  const loadError = useSettings((state) => state.loadError);
  useLeaveGuard();
  const pageRef = useRef<HTMLDivElement>(null);
  return (
    <div className="settings-layout" ref={pageRef}>
      <Page title="Settings" testId="view-settings">
        {settings ? (
          <>
            <OllamaSection settings={settings} />
            <EnginesSettings />
            <AppearanceSection settings={settings} />
            <EmbeddingSettings />
            <LibrarySettings />
            <SearchSettings />
            <CacheRoutingSettings />
            <TrustSettings />
            <AlertsTarget />
            <ResilienceSettings />
            <ResetSection />
            <SettingsSaveBar />
            <LeaveSettingsDialog />
          </>
        ) : loadError ? (
          <p className="settings__load-error" role="alert">
            Could not load the settings: {loadError.message}
          </p>
        ) : (
          <p className="settings__loading" role="status">
            Loading settings…
          </p>
        )}
        <AboutSection />
      </Page>
      <SettingsContents pageRef={pageRef} ready={settings !== null} />
    </div>
  );
}

function OllamaSection({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('ollama', settings, OLLAMA_FORM);
  const connection = useConnectionTest();
  return (
    <Section title="Ollama" description="Loci runs models through Ollama on this computer, or on one you can reach." testId="settings-ollama">
      <form className="settings__url-form" onSubmit={form.submit} noValidate>
        <TextField
          label="Ollama URL"
          type="url"
          value={form.draft.url}
          onChange={(url) => {
            form.edit({ url });
            connection.clear();
          }}
          error={form.errors.url}
          testId="settings-ollama-url-input"
          hint="The default is http://127.0.0.1:11434."
          actions={
            <Button busy={connection.testing} onClick={() => connection.test(form.draft.url)} data-testid="settings-test-connection">
              Test connection
            </Button>
          }
        />
      </form>
      <div aria-live="polite" className="settings__feedback">
        {connection.testing ? <p className="settings__note">Testing connection…</p> : null}
        {connection.result ? (
          <p
            className={`settings__result settings__result--${connection.result.ok ? 'ok' : 'failed'}`}
            data-testid="settings-test-result"
            data-ok={connection.result.ok}
          >
            {connection.result.message}
          </p>
        ) : null}
      </div>
    </Section>
  );
}

function AppearanceSection({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('appearance', settings, APPEARANCE_FORM);
  return (
    <Section title="Appearance" description="System follows your operating system’s light or dark mode.">
      <SelectField label="Theme" value={form.draft.theme} options={THEME_OPTIONS} onChange={(theme) => form.edit({ theme })} error={form.errors.theme} testId="settings-theme-select" />
    </Section>
  );
}

/** Costs and alerts, where an alert's "Change the threshold" lands (`#/settings/alerts`). */
function AlertsTarget(): ReactNode {
  const target = useSectionTarget<HTMLDivElement>('alerts');
  return (
    <div ref={target} tabIndex={-1} className="settings__target" data-section="alerts">
      <CostsAlertsSettings />
    </div>
  );
}

function ResetSection(): ReactNode {
  const reset = useSettings((state) => state.reset);
  const discardDrafts = useSettingsDraft((state) => state.discard);
  const [confirming, setConfirming] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resetButton = useRef<HTMLButtonElement>(null);

  const cancel = (): void => {
    setConfirming(false);
    resetButton.current?.focus();
  };
  const confirm = async (): Promise<void> => {
    setResetting(true);
    setError(null);
    try {
      await reset();
      // the defaults replace every setting, so no draft of the old values stays unsaved
      discardDrafts();
      cancel();
    } catch (failure) {
      setError(toAppError(failure).message);
    } finally {
      setResetting(false);
    }
  };

  return (
    <Section title="Reset" description="Put every setting, including the Ollama URL and the theme, back to how Loci ships.">
      <Button
        ref={resetButton}
        onClick={() => setConfirming(true)}
        disabled={confirming}
        aria-expanded={confirming}
        data-testid="settings-reset"
      >
        Reset to defaults
      </Button>
      {confirming ? (
        <div className="settings__confirm" role="group" aria-labelledby="settings-reset-question" data-testid="settings-reset-confirmation">
          <p id="settings-reset-question">Reset all settings to their defaults? This can’t be undone.</p>
          <div className="settings__confirm-actions">
            <Button variant="danger" busy={resetting} onClick={() => void confirm()} data-testid="settings-reset-confirm">
              Reset settings
            </Button>
            {/* focus lands on the harmless choice */}
            <Button onClick={cancel} autoFocus data-testid="settings-reset-cancel">
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="settings__error" role="alert">
          {error}
        </p>
      ) : null}
    </Section>
  );
}

function AboutSection(): ReactNode {
  const info = useAppInfo();
  return (
    <Section title="About" testId="settings-about">
      {info ? (
        <dl className="settings__about">
          <dt>Version</dt>
          <dd data-testid="about-version">
            {info.name} {info.version}
          </dd>
          <dt>Data directory</dt>
          <dd data-testid="about-data-dir">
            <code>{info.dataDir}</code>
          </dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
        </dl>
      ) : (
        <p className="settings__note">Loading…</p>
      )}
    </Section>
  );
}
