// Blocks navigation away from the app, new windows, webviews and permission requests for every web contents.
import { app, session, shell } from 'electron';
import type { Logger } from '../../services/logging/logger';
import { isAppUrl } from './appOrigin';

const isExternalLink = (url: string): boolean => /^https?:\/\//i.test(url);

export function hardenAllWebContents(logger: Logger): void {
  const log = logger.child('security');
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      log.warn('blocked navigation', { url });
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // links in answers open in the user's browser; the app itself never opens windows
      if (isExternalLink(url)) void shell.openExternal(url);
      else log.warn('blocked window.open', { url });
      return { action: 'deny' };
    });
  });
}

/** Writing to the clipboard ("Copy prompt") is the one permission the app's own pages get; nothing else, nowhere else. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(contents.getURL())));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin));
}
