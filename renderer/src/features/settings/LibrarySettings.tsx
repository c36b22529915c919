// Settings' "Library": how documents are cut into passages (chunk size and overlap, in the embedder's tokens) and
// the largest file imported. Renderer.
import type { ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { useLibrary, useSettings } from '../../stores/StoresContext';
import { LIBRARY_TARGETS, chunkingNote, libraryDraft, libraryKey, libraryPatch } from './libraryForm';
import { SettingsFormActions } from './SettingsFormActions';
import { useSettingsForm } from './useSettingsForm';
import './settingsForms.css';

export function LibrarySettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return (
    <Section
      title="Library"
      description="How imported documents are cut into passages. Changes apply to files imported or re-indexed from now on."
      testId="settings-library"
    >
      <LibraryForm settings={settings} />
    </Section>
  );
}

function LibraryForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm(settings, { key: libraryKey, draft: libraryDraft, patch: libraryPatch, targets: LIBRARY_TARGETS });
  const maxTokens = useLibrary((s) => s.embedder?.maxTokens ?? null);
  const { draft, errors } = form;
  const note = chunkingNote(draft, maxTokens);
  return (
    <form className="settings-form" onSubmit={form.submit} noValidate>
      <div className="settings-form__row">
        <NumberField
          label="Chunk size"
          unit="tokens"
          min={32}
          max={2048}
          step={1}
          value={draft.chunkSize}
          onChange={(chunkSize) => form.edit({ chunkSize })}
          error={errors.chunkSize}
          hint="32 to 2,048. Smaller passages are more precise; larger ones carry more context."
          testId="settings-chunk-size"
        />
        <NumberField
          label="Overlap"
          unit="tokens"
          min={0}
          max={512}
          step={1}
          value={draft.chunkOverlap}
          onChange={(chunkOverlap) => form.edit({ chunkOverlap })}
          error={errors.chunkOverlap}
          hint="0 to 512, repeated between neighbouring passages."
          testId="settings-chunk-overlap"
        />
        <NumberField
          label="Largest file"
          unit="MB"
          min={1}
          max={10000}
          value={draft.maxFileSizeMb}
          onChange={(maxFileSizeMb) => form.edit({ maxFileSizeMb })}
          error={errors.maxFileSizeMb}
          hint="Larger files are skipped."
          testId="settings-max-file-size"
        />
      </div>
      {note ? (
        <p className="settings-form__notice settings-form__notice--info" data-testid="settings-chunking-note">
          {note}
        </p>
      ) : null}
      <SettingsFormActions testId="settings-library" dirty={form.dirty} saving={form.saving} saved={form.saved} general={form.general} onDiscard={form.discard} />
    </form>
  );
}
