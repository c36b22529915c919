// "Leave without saving?": asked when the user goes to another screen with unsaved Settings edits; Save, Discard
// or Stay. Renderer.
import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { selectChangeCount, type LeaveChoice } from '../../stores/settingsDraftStore';
import { useSettingsDraft } from '../../stores/StoresContext';
import { parseRouteHash, routeLabel } from '../../lib/routes';
import { navigate } from '../../lib/useHashRoute';

export function LeaveSettingsDialog(): ReactNode {
  const pending = useSettingsDraft((s) => s.pendingLeave);
  const count = useSettingsDraft(selectChangeCount);
  const saving = useSettingsDraft((s) => s.saving);
  const resolve = useSettingsDraft((s) => s.resolveLeave);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (pending !== null && !element.open) element.showModal();
    if (pending === null && element.open) element.close();
  }, [pending]);

  const choose = (choice: LeaveChoice): void => {
    void resolve(choice).then((to) => {
      if (to !== null) navigate(parseRouteHash(`#/${to}`));
    });
  };

  return (
    <dialog
      ref={dialog}
      className="settings-leave"
      aria-labelledby="settings-leave-title"
      aria-describedby="settings-leave-text"
      data-testid="settings-leave-dialog"
      // Escape means Stay
      onCancel={(event) => {
        event.preventDefault();
        choose('stay');
      }}
    >
      <h2 id="settings-leave-title" className="settings-leave__title">
        Leave without saving?
      </h2>
      <p id="settings-leave-text">
        {count === 1 ? 'One setting has' : `${count} settings have`} unsaved changes
        {pending !== null ? ` that will be lost if you go to ${routeLabel(parseRouteHash(`#/${pending}`))} now` : ''}.
      </p>
      <div className="settings-leave__actions">
        <Button variant="primary" busy={saving} onClick={() => choose('save')} data-testid="settings-leave-save">
          Save and leave
        </Button>
        <Button variant="danger" onClick={() => choose('discard')} data-testid="settings-leave-discard">
          Discard changes
        </Button>
        {/* focus lands on the harmless choice */}
        <Button onClick={() => choose('stay')} autoFocus data-testid="settings-leave-stay">
          Stay
        </Button>
      </div>
    </dialog>
  );
}
