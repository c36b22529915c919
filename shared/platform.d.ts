// The few globals shared/ may use: the ones Node and browsers both provide (the WinterTC common minimum), declared
// here because shared/tsconfig.json loads neither the DOM lib nor @types/node. Compiled only in the shared project;
// in the Node and browser projects the same names come from their own libs, which these shapes are a subset of.

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };

/** An opaque timer handle (a number in browsers, a Timeout object in Node). */
interface TimerHandle {
  readonly __timerHandle: unique symbol;
}
declare function setTimeout(callback: (...args: never[]) => void, ms?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;

declare var console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
