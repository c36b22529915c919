// The building blocks of the contract: methods, streams and events, each with its runtime schemas.
// Runs anywhere (no node:*, no DOM, no electron); both sides import it.
import type { z } from 'zod';

/** A request/response call. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'method';
  readonly input: I;
  readonly output: O;
}

/** How the server batches a stream's items on the wire (see STYLE: about one message per frame). */
export interface CoalescePolicy<Item> {
  /** Minimum gap between two item messages, in ms. The last item is always delivered before the end. */
  readonly intervalMs: number;
  /** Combines two pending items into one (e.g. concatenating token deltas). Without it the latest item wins. */
  readonly merge?: (earlier: Item, later: Item) => Item;
}

/** A long-running, cancellable call that yields items and ends with a result. */
export interface StreamDef<I extends z.ZodType = z.ZodType, Item extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'stream';
  readonly input: I;
  readonly item: Item;
  readonly result: R;
  readonly coalesce?: CoalescePolicy<z.output<Item>>;
}

/** A message main pushes without being asked. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
}

export const defineMethod = <I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O }): MethodDef<I, O> => ({
  kind: 'method',
  ...def,
});

export const defineStream = <I extends z.ZodType, Item extends z.ZodType, R extends z.ZodType>(def: {
  input: I;
  item: Item;
  result: R;
  coalesce?: CoalescePolicy<z.output<Item>>;
}): StreamDef<I, Item, R> => ({ kind: 'stream', ...def });

export const defineEvent = <P extends z.ZodType>(def: { payload: P }): EventDef<P> => ({ kind: 'event', ...def });

export interface Contract {
  readonly methods: Readonly<Record<string, MethodDef>>;
  readonly streams: Readonly<Record<string, StreamDef>>;
  readonly events: Readonly<Record<string, EventDef>>;
}

export type MethodName<C extends Contract> = keyof C['methods'] & string;
export type StreamName<C extends Contract> = keyof C['streams'] & string;
export type EventName<C extends Contract> = keyof C['events'] & string;

/** What a caller passes (before schema defaults apply). */
export type MethodInput<C extends Contract, N extends MethodName<C>> = z.input<C['methods'][N]['input']>;
/** What a handler receives (after parsing). */
export type MethodParsedInput<C extends Contract, N extends MethodName<C>> = z.output<C['methods'][N]['input']>;
export type MethodOutput<C extends Contract, N extends MethodName<C>> = z.output<C['methods'][N]['output']>;

export type StreamInput<C extends Contract, N extends StreamName<C>> = z.input<C['streams'][N]['input']>;
export type StreamParsedInput<C extends Contract, N extends StreamName<C>> = z.output<C['streams'][N]['input']>;
export type StreamItem<C extends Contract, N extends StreamName<C>> = z.output<C['streams'][N]['item']>;
export type StreamResult<C extends Contract, N extends StreamName<C>> = z.output<C['streams'][N]['result']>;

export type EventPayload<C extends Contract, N extends EventName<C>> = z.output<C['events'][N]['payload']>;
