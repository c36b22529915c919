// The last-resort handlers for the serve host and the desktop main: an error nothing else caught is logged and the
// process keeps serving. Plain Node (no electron), so both entry points and a test can install it.
import type { Logger } from './logger';

/** The slice of `process` the handlers attach to (a test can pass an EventEmitter). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
}

/**
 * [Note: last resort] Every boundary (rpc server, sockets, uploads) handles its own failures; this only catches the
 * bug that slipped past them. One failed request must not end everyone's session or lose what the user typed, so
 * it is logged (with its stack) rather than fatal. Returns a function that removes the handlers.
 */
export function installLastResortHandlers(logger: Logger, events: ProcessEvents = process): () => void {
  const log = logger.child('last-resort');
  const onRejection = (reason: unknown): void => {
    try {
      log.error('unhandled promise rejection (kept running)', { error: reason });
    } catch {
      // nothing left to report to
    }
  };
  const onException = (error: Error, origin: string): void => {
    try {
      log.error('uncaught exception (kept running)', { error, origin });
    } catch {
      // nothing left to report to
    }
  };
  events.on('unhandledRejection', onRejection);
  events.on('uncaughtException', onException);
  return () => {
    events.off('unhandledRejection', onRejection);
    events.off('uncaughtException', onException);
  };
}
