// The one save bar of Settings, stuck to the bottom of the screen: "N unsaved changes · Save · Discard" while
// anything is edited, then "Saved" with Undo. Renderer.
import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import { selectChangeCount, selectHasErrors } from '../../stores/settingsDraftStore';
import { useSettingsDraft } from '../../stores/StoresContext';
import './settingsSaveBar.css';

export function SettingsSaveBar(): ReactNode {
  const count = useSettingsDraft(selectChangeCount);
  const hasErrors = useSettingsDraft(selectHasErrors);
  const saving = useSettingsDraft((s) => s.saving);
  const general = useSettingsDraft((s) => s.general);
  const lastSave = useSettingsDraft((s) => s.lastSave);
  const undoing = useSettingsDraft((s) => s.undoing);
  const save = useSettingsDraft((s) => s.save);
  const discard = useSettingsDraft((s) => s.discard);
  const undo = useSettingsDraft((s) => s.undo);
  const dismissSaved = useSettingsDraft((s) => s.dismissSaved);

  if (count === 0 && lastSave === null && general === null) return null;
  return (
    <div className="settings-save-bar" role="region" aria-label="Unsaved settings" data-testid="settings-save-bar">
      {count > 0 ? (
        <>
          <p className="settings-save-bar__text" aria-live="polite" data-testid="settings-save-bar-count">
            {count === 1 ? '1 unsaved change' : `${count} unsaved changes`}
            {hasErrors ? ' · fix the marked fields to save' : ''}
          </p>
          <div className="settings-save-bar__actions">
            <Button onClick={discard} disabled={saving} data-testid="settings-discard">
              Discard
            </Button>
            <Button variant="primary" busy={saving} onClick={() => void save()} data-testid="settings-save">
              Save
            </Button>
          </div>
        </>
      ) : lastSave !== null ? (
        <>
          <p className="settings-save-bar__text settings-save-bar__text--ok" aria-live="polite" data-testid="settings-saved">
            Saved {lastSave.count === 1 ? '1 change' : `${lastSave.count} changes`}.
          </p>
          <div className="settings-save-bar__actions">
            <Button busy={undoing} onClick={() => void undo()} data-testid="settings-undo">
              Undo
            </Button>
            <Button variant="ghost" onClick={dismissSaved} data-testid="settings-saved-dismiss">
              Close
            </Button>
          </div>
        </>
      ) : null}
      {general ? (
        <p className="settings-save-bar__error" role="alert" data-testid="settings-save-error">
          {general}
        </p>
      ) : null}
    </div>
  );
}
