// Settings' "Library": how documents are cut into passages (chunk size and overlap, in the embedder's tokens), the
// largest file imported, text recognition (OCR) and the space for uploaded originals. Renderer.
import { useId, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { useLibrary, useSettings } from '../../stores/StoresContext';
import { LIBRARY_TARGETS, chunkingNote, libraryDraft, libraryKey, libraryPatch } from './libraryForm';
import { useSettingsForm } from './useSettingsForm';
import './settingsForms.css';

const LIBRARY_FORM = { key: libraryKey, draft: libraryDraft, patch: libraryPatch, targets: LIBRARY_TARGETS };

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
  const form = useSettingsForm('library', settings, LIBRARY_FORM);
  const maxTokens = useLibrary((s) => s.embedder?.maxTokens ?? null);
  const { draft, errors } = form;
  const note = chunkingNote(draft, maxTokens);
  const ocrId = useId();
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
        <NumberField
          label="Uploaded originals"
          unit="MB"
          min={0}
          max={1000000}
          value={draft.originalsMaxMb}
          onChange={(originalsMaxMb) => form.edit({ originalsMaxMb })}
          error={errors.originalsMaxMb}
          hint="Space for keeping uploaded files, so a re-index reads them again; 0 keeps none."
          testId="settings-originals-max"
        />
      </div>
      <label className="settings-form__check" htmlFor={ocrId}>
        <input id={ocrId} type="checkbox" checked={draft.ocr} onChange={(event) => form.edit({ ocr: event.target.checked })} data-testid="settings-ocr" />
        Recognise text in images and scanned PDF pages (OCR, English; several seconds a page)
      </label>
      {note ? (
        <p className="settings-form__notice settings-form__notice--info" data-testid="settings-chunking-note">
          {note}
        </p>
      ) : null}
    </form>
  );
}
