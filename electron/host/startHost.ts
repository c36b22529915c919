// Serve mode's host: the built renderer over HTTP and the contract over a WebSocket, on loopback only,
// guarded by a per-launch token, an Origin check and a Host check (against DNS rebinding), with timeouts, a
// connection cap and a frame-size cap, so no client can stall or crash it (see robustness.test.ts).
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { LociCore } from '../services/createLociCore';
import type { Logger } from '../services/logging/logger';
import { contentSecurityPolicy } from '../rendererPage/contentSecurityPolicy';
import { createStaticHandler } from './staticFiles';
import { webSocketServerPort } from './webSocketPort';

export interface HostOptions {
  core: LociCore;
  rendererDir: string;
  logger: Logger;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 32 random bytes, new on every launch. */
  token?: string;
  /** Overrides of HOST_LIMITS (tests use short timeouts). */
  limits?: Partial<HostLimits>;
}

export interface HostLimits {
  /** A request's headers must arrive within this (against slowloris), ms. */
  headersTimeoutMs: number;
  /** A whole HTTP request must arrive within this, ms. */
  requestTimeoutMs: number;
  /** An HTTP connection with no traffic is closed after this, ms (an upgraded WebSocket is exempt). */
  idleTimeoutMs: number;
  /** How often the server checks the two timeouts above, ms. */
  timeoutCheckIntervalMs: number;
  /** Open TCP connections, HTTP and WebSocket together; more are closed on arrival. */
  maxConnections: number;
  /** Largest WebSocket message, bytes (an upload piece is at most about 5.6 MB of JSON). */
  maxMessageBytes: number;
}

export const HOST_LIMITS: HostLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  timeoutCheckIntervalMs: 1_000,
  maxConnections: 64,
  maxMessageBytes: 16 * 1024 * 1024,
};

export interface RunningHost {
  /** The URL to open, with the token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Open TCP connections (HTTP and WebSocket). */
  connectionCount(): Promise<number>;
  close(): Promise<void>;
}

export const RPC_PATH = '/rpc';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A warning at most once per interval, with how many were folded into it: a flood must not fill the disk with log lines. */
function throttledWarn(log: Logger, intervalMs = 10_000): (message: string, fields?: Record<string, unknown>) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (message, fields) => {
    const now = Date.now();
    const entry = last.get(message);
    if (entry && now - entry.at < intervalMs) {
      entry.suppressed++;
      return;
    }
    log.warn(message, entry && entry.suppressed > 0 ? { ...fields, alsoSinceLastReport: entry.suppressed } : fields);
    last.set(message, { at: now, suppressed: 0 });
  };
}

const tokensMatch = (given: string | null, expected: string): boolean => {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const log = options.logger.child('host');
  const limits: HostLimits = { ...HOST_LIMITS, ...options.limits };
  const warn = throttledWarn(log);
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
  });
  server.timeout = limits.idleTimeoutMs;
  server.keepAliveTimeout = Math.min(5_000, limits.idleTimeoutMs);
  server.maxConnections = limits.maxConnections;
  // [Note: socket errors] A reset or a bad frame emits 'error' on the socket; with no listener that is an uncaught
  // exception. Every socket gets one on arrival, and it stays through the upgrade (Node removes only its own).
  server.on('connection', (socket) => {
    socket.on('error', (error: NodeJS.ErrnoException) => log.debug('connection error', { code: error.code, message: error.message }));
  });
  server.on('drop', () => warn(`refused a connection: already ${limits.maxConnections} open`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const headers = {
    'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
  const serveStatic = createStaticHandler(options.rendererDir, headers);

  server.on('request', (req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    serveStatic(req, res).catch((error: unknown) => {
      log.error('static file failed', { error });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error: NodeJS.ErrnoException) => log.debug('upgrade socket error', { code: error.code }));
    const refuse = (status: number, reason: string): void => {
      warn(`refused WebSocket: ${reason}`, { origin: req.headers.origin, remote: req.socket.remoteAddress });
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}`);
      else socket.destroy();
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return refuse(400, 'Bad request URL');
    }
    if (url.pathname !== RPC_PATH) return refuse(404, 'Unknown path');
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return refuse(403, 'Only loopback connections are accepted');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(403, 'Unexpected Host header');
    if (!allowedOrigins.has(req.headers.origin ?? '')) return refuse(403, 'Origin not allowed');
    if (!tokensMatch(url.searchParams.get('token'), token)) return refuse(401, 'Missing or wrong token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // a bad frame (too big, invalid UTF-8, reserved opcode, unmasked) ends this connection only: ws has already
      // sent the close code (1009, 1007, 1002) when 'error' fires
      ws.on('error', (error: Error & { code?: string }) => warn('closed a WebSocket after a bad frame', { code: error.code, message: error.message }));
      options.core.rpc.connect(webSocketServerPort(ws));
    });
  });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    connectionCount: () => new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count))),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
