// A cap on generations running at once (chat and Compare's parallel columns alike): callers over the cap wait their
// turn in order, and a caller that is stopped while waiting leaves the queue. Plain Node, main side.

export interface ConcurrencyGate {
  /** Resolves with a release function once a slot is free; rejects with the signal's reason if it aborts first. */
  acquire(signal: AbortSignal): Promise<() => void>;
  active(): number;
  waiting(): number;
}

export function createConcurrencyGate(limit: () => number): ConcurrencyGate {
  let running = 0;
  const queue: { grant: () => void }[] = [];
  const pump = (): void => {
    while (queue.length > 0 && running < Math.max(1, limit())) {
      running++;
      queue.shift()!.grant();
    }
  };
  const releaser = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running--;
      pump();
    };
  };
  return {
    acquire(signal) {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const waiter = {
          grant: () => {
            signal.removeEventListener('abort', onAbort);
            resolve(releaser());
          },
        };
        const onAbort = (): void => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    active: () => running,
    waiting: () => queue.length,
  };
}
