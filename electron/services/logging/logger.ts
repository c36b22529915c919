// A small structured logger: JSON lines to a file in the data directory, and readable lines to stderr.
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export interface LoggerOptions {
  /** Directory for loci.log; omitted: no file. */
  logDir?: string;
  level?: LogLevel;
  /** Echo to stderr at or above this level. */
  consoleLevel?: LogLevel | 'silent';
}

const serialiseError = (value: unknown): unknown =>
  value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = ORDER[options.level ?? 'info'];
  const consoleLevel = options.consoleLevel === 'silent' ? Infinity : ORDER[options.consoleLevel ?? 'warn'];
  let stream: fs.WriteStream | null = null;
  if (options.logDir) {
    fs.mkdirSync(options.logDir, { recursive: true });
    stream = fs.createWriteStream(path.join(options.logDir, 'loci.log'), { flags: 'a' });
    stream.on('error', () => {
      stream = null; // a full or read-only disk must not take the app down with it
    });
  }
  const write = (scope: string, lvl: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    const rank = ORDER[lvl];
    if (rank < level && rank < consoleLevel) return;
    const entry = { time: new Date().toISOString(), level: lvl, scope, message, ...(fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, serialiseError(v)])) : {}) };
    if (stream && rank >= level) stream.write(`${JSON.stringify(entry)}\n`);
    if (rank >= consoleLevel) process.stderr.write(`[${lvl}] ${scope}: ${message}${fields ? ` ${JSON.stringify(entry, (k, v: unknown) => (['time', 'level', 'scope', 'message'].includes(k) ? undefined : v))}` : ''}\n`);
  };
  const make = (scope: string): Logger => ({
    debug: (m, f) => write(scope, 'debug', m, f),
    info: (m, f) => write(scope, 'info', m, f),
    warn: (m, f) => write(scope, 'warn', m, f),
    error: (m, f) => write(scope, 'error', m, f),
    child: (sub) => make(`${scope}.${sub}`),
  });
  return make('loci');
}
