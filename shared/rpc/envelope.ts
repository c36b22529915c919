// The wire envelope: every message either side sends, over any transport (IPC, WebSocket, loopback).
import { z } from 'zod';
import { AppErrorDataSchema } from '../contract/errors';

/** Request ids are chosen by the client and unique per connection. */
const Id = z.number().int().nonnegative();
const Name = z.string().min(1).max(100);

export const ClientMessageSchema = z.discriminatedUnion('t', [
  /** Call a method. */
  z.object({ t: z.literal('call'), id: Id, name: Name, input: z.unknown() }),
  /** Open a stream. */
  z.object({ t: z.literal('open'), id: Id, name: Name, input: z.unknown() }),
  /** Cancel a call or stream; its handler's AbortSignal fires. */
  z.object({ t: z.literal('cancel'), id: Id }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ok'), id: Id, output: z.unknown() }),
  z.object({ t: z.literal('err'), id: Id.nullable(), error: AppErrorDataSchema }),
  z.object({ t: z.literal('item'), id: Id, item: z.unknown() }),
  z.object({ t: z.literal('end'), id: Id, result: z.unknown() }),
  z.object({ t: z.literal('event'), name: Name, payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
