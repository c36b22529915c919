// Ordered shutdown: stop taking messages, then dispose services (which finish or abort their work), then quit.
import { app } from 'electron';
import type { Logger } from '../../services/logging/logger';

export function quitAfter(steps: readonly (() => Promise<void> | void)[], logger: Logger): void {
  let done = false;
  app.on('before-quit', (event) => {
    if (done) return;
    event.preventDefault();
    void (async () => {
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          logger.error('shutdown step failed', { error });
        }
      }
      done = true;
      app.quit();
    })();
  });
}
