// Serves the built renderer from one directory (paths resolved by rendererFiles.ts), with the security headers.
import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { resolveRendererFile } from '../rendererPage/rendererFiles';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export function createStaticHandler(rootDir: string, headers: Record<string, string>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad path');
      return;
    }
    const resolved = await resolveRendererFile(rootDir, pathname);
    switch (resolved.kind) {
      case 'refused':
        res.writeHead(403, { ...headers, 'Content-Type': 'text/plain' }).end('Forbidden');
        return;
      case 'missing':
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found');
        return;
      case 'not-built':
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('The renderer is not built: run `npm run build` first.');
        return;
      case 'file':
        break;
    }
    const file = resolved.path;
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const cache = !resolved.fallback && file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': resolved.size, 'Cache-Control': cache });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.end(await fs.readFile(file));
  };
}
