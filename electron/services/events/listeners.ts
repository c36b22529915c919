// How a service raises its events: listeners added through its `onX(listener)` (which returns the unsubscribe) and
// called in order on emit. Plain Node; createLociCore forwards them to the contract's events.
//
// [Note: one event path] Services never call the rpc server or take per-event callbacks in their options: each one
// exposes `onX` subscriptions built on this, and createLociCore subscribes to turn them into contract events.

/** Both are plain functions (no `this`), so a service can hand out `add` as its `onX`. */
export interface Listeners<Args extends unknown[]> {
  /** Adds a listener; the function returned removes it. */
  readonly add: (listener: (...args: Args) => void) => () => void;
  readonly emit: (...args: Args) => void;
}

export function createListeners<Args extends unknown[]>(): Listeners<Args> {
  const listeners = new Set<(...args: Args) => void>();
  return {
    add: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit: (...args) => {
      for (const listener of listeners) listener(...args);
    },
  };
}
