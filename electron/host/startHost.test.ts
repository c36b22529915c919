// The serve host: static renderer with CSP, and a WebSocket that admits only loopback, the right Origin and the token.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../services/logging/logger';
import { createTestCore, makeTempDir, type TestCore } from '../testing/testCore';
import { startHost, type RunningHost } from './startHost';

let test: TestCore;
let host: RunningHost;
let rendererDir: string;

beforeAll(async () => {
  test = createTestCore();
  rendererDir = makeTempDir('loci-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Loci</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startHost({ core: test.core, rendererDir, logger: createLogger({ consoleLevel: 'silent' }), port: 0 });
});

afterAll(async () => {
  await host.close();
  await test.cleanup();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function tryConnect(query: string, origin: string | undefined): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/rpc${query}`, origin ? { origin } : {});
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.on('error', () => resolve({ status: 0 }));
  });
}

/** The next reply, skipping pushed events (status changes may arrive at any time). */
const nextMessage = (socket: WebSocket): Promise<unknown> =>
  new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString('utf8')) as { t: string };
      if (message.t === 'event') return;
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
  });

describe('serve host', () => {
  it('prints a loopback URL carrying a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  it('serves the renderer with a strict CSP and falls back to index.html for app routes', async () => {
    const res = await fetch(`${host.origin}/chat`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Loci</title>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${host.origin}/assets/missing.js`)).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fsecret']) {
      const res = await fetch(`${host.origin}${p}`);
      expect([403, 404, 200]).toContain(res.status);
      if (res.status === 200) expect(await res.text()).toContain('<title>Loci</title>');
    }
  });

  it('refuses a WebSocket without the token, with a wrong token, or from another origin', async () => {
    expect((await tryConnect('', host.origin)).status).toBe(401);
    expect((await tryConnect('?token=wrong', host.origin)).status).toBe(401);
    expect((await tryConnect(`?token=${host.token}`, 'http://evil.example')).status).toBe(403);
    expect((await tryConnect(`?token=${host.token}`, undefined)).status).toBe(403);
  });

  it('rejects requests whose Host header is not loopback (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(421);
  });

  it('carries the contract for a client with the token, and answers junk with INVALID_MESSAGE', async () => {
    const { status, socket } = await tryConnect(`?token=${host.token}`, host.origin);
    expect(status).toBe(101);
    if (!socket) throw new Error('no socket');
    socket.send(JSON.stringify({ t: 'call', id: 1, name: 'app.info', input: {} }));
    expect(await nextMessage(socket)).toMatchObject({ t: 'ok', id: 1, output: { name: 'Loci', dataDir: test.dataDir, capabilities: { revealInFileManager: false } } });
    socket.send('this is not json');
    expect(await nextMessage(socket)).toMatchObject({ t: 'err', error: { code: 'INVALID_MESSAGE' } });
    socket.send(JSON.stringify({ t: 'call', id: 2, name: 'settings.update', input: { ollamaUrl: 'ftp://x' } }));
    expect(await nextMessage(socket)).toMatchObject({ t: 'err', id: 2, error: { code: 'INVALID_INPUT' } });
    socket.close();
  });
});
