// While Settings shows: leaving for another screen with unsaved edits asks first (the leave dialog), and closing
// or reloading the window asks the browser's own question. Renderer.
import { useEffect } from 'react';
import { useAppStores } from '../../stores/StoresContext';
import { setLeaveGuard } from '../../lib/useHashRoute';

export function useLeaveGuard(): void {
  const drafts = useAppStores().settingsDraft;
  useEffect(() => {
    const clear = setLeaveGuard('settings', (to) => drafts.getState().requestLeave(to));
    const beforeUnload = (event: BeforeUnloadEvent): void => {
      if (Object.keys(drafts.getState().entries).length === 0) return;
      event.preventDefault();
      // older engines need returnValue set to show their prompt
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      clear();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [drafts]);
}
