// The app's own origin: the renderer is served from app://loci (never file://), and only that origin is trusted.
// Pure (no electron import) so it runs under vitest; see security.test.ts.
export const APP_SCHEME = 'app';
export const APP_HOST = 'loci';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for `app://loci/…`: no other host, no port, no credentials, no look-alike scheme. */
export function isAppUrl(url: string): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
