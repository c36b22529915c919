// The desktop shell's trust decisions (origin, IPC sender frame, navigation, external links, permissions), under
// plain Node: the functions are pure, so these run without the Electron binary.
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from './appOrigin';
import { externalLinkTarget, isTrustedSenderFrame, mayNavigate, permissionAllowed } from './policies';

const notOurs = [
  'file:///home/u/dist/renderer/index.html',
  'http://loci/index.html',
  'https://loci/',
  'app://evil/index.html',
  'app://loci.evil.example/',
  'app://loci:8080/index.html',
  'app://user@loci/index.html',
  'app://user:pass@loci/',
  'app://evil@loci@x/',
  'apps://loci/',
  'ap://loci/',
  'javascript:alert(1)',
  'data:text/html,<script>1</script>',
  'about:blank',
  'devtools://devtools/bundled/inspector.html',
  'chrome://settings',
  '',
  'app:loci',
  'app:/loci/index.html',
  'not a url',
];

describe('isAppUrl', () => {
  it('accepts the app origin', () => {
    for (const url of [APP_ENTRY_URL, 'app://loci/', 'app://loci/chat?x=1#y', 'app://loci/assets/app.js']) expect(isAppUrl(url), url).toBe(true);
  });
  it('refuses every other origin, scheme, port or credential', () => {
    for (const url of notOurs) expect(isAppUrl(url), url).toBe(false);
    console.warn(`[hostile-inputs] desktop security: foreign URLs=${notOurs.length} (each against isAppUrl, the sender check and the navigation guard)`);
    expect(isAppUrl(undefined as unknown as string)).toBe(false);
  });
});

describe('isTrustedSenderFrame', () => {
  const main = { url: APP_ENTRY_URL };
  it('trusts only the top-level frame of our page', () => {
    expect(isTrustedSenderFrame(main, main)).toBe(true);
  });
  it('refuses a missing frame, a subframe (even on our origin) and a main frame elsewhere', () => {
    expect(isTrustedSenderFrame(null, main)).toBe(false);
    expect(isTrustedSenderFrame(undefined, main)).toBe(false);
    expect(isTrustedSenderFrame({ url: APP_ENTRY_URL }, main)).toBe(false); // an iframe with our URL is not the main frame
    const elsewhere = { url: 'https://evil.example/' };
    expect(isTrustedSenderFrame(elsewhere, elsewhere)).toBe(false);
    for (const url of notOurs) {
      const frame = { url };
      expect(isTrustedSenderFrame(frame, frame), url).toBe(false);
    }
  });
});

describe('navigation and window.open guards', () => {
  it('lets a page move only within the app', () => {
    expect(mayNavigate('app://loci/chat')).toBe(true);
    for (const url of [...notOurs, 'https://example.com/']) expect(mayNavigate(url), url).toBe(false);
  });
  it('hands plain http(s) links to the browser and refuses everything else', () => {
    expect(externalLinkTarget('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(externalLinkTarget('HTTP://Example.com')).toBe('http://example.com/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://loci/', 'smb://host/share', 'ms-settings:', 'https://bank.example@evil.example/', 'https://u:p@x.example/', 'not a url', '']) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });
  it('grants only clipboard writing, only to our pages', () => {
    expect(permissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) expect(permissionAllowed(p, APP_ENTRY_URL), p).toBe(false);
  });
});
