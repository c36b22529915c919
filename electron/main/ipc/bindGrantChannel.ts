// Desktop only: the preload asks main to grant the paths of files the user dropped on the window. Runs in main; the
// sender frame is checked as for the contract, then every path is checked by the grant registry ([Note: dropped paths]).
import { ipcMain } from 'electron';
import type { PathGrant } from '../../../shared/contract/library';
import type { PathGrants } from '../../services/grants/pathGrants';
import type { Logger } from '../../services/logging/logger';
import { isAppUrl } from '../security/appOrigin';
import { GRANT_DROP_CHANNEL } from './channel';

export function bindGrantChannel(grants: PathGrants, logger: Logger): () => void {
  const log = logger.child('grants');
  const onGrant = (event: Electron.IpcMainInvokeEvent, paths: unknown): PathGrant[] => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url)) {
      log.warn('refused a drop grant from an untrusted frame', { url: frame?.url });
      return [];
    }
    const { granted, refused } = grants.grantDropped(paths);
    // the paths go to the log only: the page learns that fewer grants came back, not why or where
    if (refused.length > 0) log.warn(`refused ${refused.length} dropped path(s)`, { refused: refused.slice(0, 20) });
    return granted;
  };
  ipcMain.handle(GRANT_DROP_CHANNEL, onGrant);
  return () => ipcMain.removeHandler(GRANT_DROP_CHANNEL);
}
