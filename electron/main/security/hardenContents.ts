// Blocks navigation away from the app, new windows, webviews and permission requests for every web contents
// (the decisions themselves are the pure functions of policies.ts).
import { app, session, shell } from 'electron';
import type { Logger } from '../../services/logging/logger';
import { externalLinkTarget, mayNavigate, permissionAllowed } from './policies';

export function hardenAllWebContents(logger: Logger): void {
  const log = logger.child('security');
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (mayNavigate(url)) return;
      event.preventDefault();
      log.warn('blocked navigation', { url });
    });
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // links in answers open in the user's browser; the app itself never opens windows
      const external = externalLinkTarget(url);
      if (external) void shell.openExternal(external).catch((error: unknown) => log.warn('could not open a link', { error }));
      else log.warn('blocked window.open', { url });
      return { action: 'deny' };
    });
  });
}

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(permissionAllowed(permission, contents.getURL())));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
}
