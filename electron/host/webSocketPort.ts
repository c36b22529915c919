// Adapts one WebSocket connection to the rpc Port (JSON text frames); malformed JSON is answered, never fatal.
import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/rpc/envelope';
import type { Port } from '../../shared/rpc/port';

export function webSocketServerPort(socket: WebSocket): Port<ServerMessage, unknown> {
  return {
    post(message) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      const handle = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
        if (isBinary) {
          listener({ t: 'binary' });
          return;
        }
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { t: 'not-json' }; // the server answers INVALID_MESSAGE
        }
        listener(parsed);
      };
      socket.on('message', handle);
      return () => socket.off('message', handle);
    },
    onClose(listener) {
      const handle = (code: number): void => listener(`socket closed (${code})`);
      socket.on('close', handle);
      return () => socket.off('close', handle);
    },
  };
}
