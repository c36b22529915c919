// A minimal duplex message port that every transport adapts to, plus an in-memory loopback pair for tests.

export interface Port<Out, In = unknown> {
  post(message: Out): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (message: In) => void): () => void;
  /** Fires once when the other side goes away. */
  onClose(listener: (reason: string) => void): () => void;
}

/** Two connected ports in one process; messages are structured-cloned and delivered asynchronously, like a real transport. */
export function createLoopbackPair<A, B>(): { a: Port<A, unknown> & { close(): void }; b: Port<B, unknown> & { close(): void } } {
  const listeners = { a: new Set<(m: unknown) => void>(), b: new Set<(m: unknown) => void>() };
  const closers = { a: new Set<(r: string) => void>(), b: new Set<(r: string) => void>() };
  let closed = false;
  const deliver = (to: 'a' | 'b', message: unknown): void => {
    if (closed) return;
    const copy = structuredClone(message);
    queueMicrotask(() => {
      if (!closed) for (const l of listeners[to]) l(copy);
    });
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const l of [...closers.a, ...closers.b]) l('closed');
  };
  const make = <Out>(self: 'a' | 'b', other: 'a' | 'b'): Port<Out, unknown> & { close(): void } => ({
    post: (message) => deliver(other, message),
    onMessage: (listener) => {
      listeners[self].add(listener);
      return () => listeners[self].delete(listener);
    },
    onClose: (listener) => {
      closers[self].add(listener);
      return () => closers[self].delete(listener);
    },
    close,
  });
  return { a: make<A>('a', 'b'), b: make<B>('b', 'a') };
}
