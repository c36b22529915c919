// A Settings form's footer: Save, Discard (while edited), "Saved." and what went wrong outside any field. Renderer.
import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import './settingsForms.css';

export interface SettingsFormActionsProps {
  /** Test ids grow from it: `${testId}-save`, `-discard`, `-saved`, `-error`. */
  testId: string;
  dirty: boolean;
  saving: boolean;
  saved: boolean;
  general: string | null;
  onDiscard(): void;
}

export function SettingsFormActions({ testId, dirty, saving, saved, general, onDiscard }: SettingsFormActionsProps): ReactNode {
  return (
    <>
      <div className="settings-form__actions">
        <Button type="submit" variant="primary" busy={saving} disabled={!dirty} data-testid={`${testId}-save`}>
          Save
        </Button>
        {dirty ? (
          <Button onClick={onDiscard} disabled={saving} data-testid={`${testId}-discard`}>
            Discard changes
          </Button>
        ) : null}
        <span aria-live="polite" className="settings-form__status">
          {saved ? <span data-testid={`${testId}-saved`}>Saved.</span> : null}
        </span>
      </div>
      {general ? (
        <p className="settings-form__error" role="alert" data-testid={`${testId}-error`}>
          {general}
        </p>
      ) : null}
    </>
  );
}
