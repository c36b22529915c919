// The desktop shell's trust decisions as pure functions (no electron import), so vitest can check them without the
// Electron binary: which IPC sender frames are ours, where a page may navigate, which links open outside, which
// permissions a page gets. hardenContents.ts and ipc/bindIpcTransport.ts apply them.
import { isAppUrl } from './appOrigin';

/** The parts of an Electron WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
}

/** An IPC message is ours only from the top-level frame of one of our pages (not an iframe, not another origin). */
export function isTrustedSenderFrame(frame: FrameLike | null | undefined, mainFrame: FrameLike | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame === mainFrame && isAppUrl(frame.url);
}

/** `will-navigate` / `will-redirect`: a page may only move within the app. */
export const mayNavigate = (url: string): boolean => isAppUrl(url);

/**
 * `window.open` and target=_blank links: the app never opens a window. An http(s) link (in an answer, say) goes to
 * the user's browser; returns the URL to hand to the OS, or null to just refuse.
 */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null; // `https://bank.example@evil.example` deceives
  return parsed.href;
}

/** Writing to the clipboard ("Copy prompt") is the one permission the app's own pages get; nothing else, nowhere else. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export const permissionAllowed = (permission: string, pageUrl: string): boolean => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(pageUrl);
