// Serves the built renderer on app://loci with the strict CSP; paths are resolved by rendererPage/rendererFiles.ts (one tested rule).
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { contentSecurityPolicy } from '../../rendererPage/contentSecurityPolicy';
import { resolveRendererFile } from '../../rendererPage/rendererFiles';
import { APP_HOST, APP_SCHEME } from './appOrigin';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRendererOnAppScheme(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const resolved = await resolveRendererFile(rendererDir, url.pathname);
    if (resolved.kind === 'refused') return new Response('Forbidden', { status: 403 });
    if (resolved.kind === 'missing') return new Response('Not found', { status: 404 });
    if (resolved.kind === 'not-built') return new Response('The renderer is not built', { status: 500 });
    const response = await net.fetch(pathToFileURL(resolved.path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
