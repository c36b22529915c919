// Serve mode's transport: the browser's WebSocket adapted to the rpc Port.
import type { ClientMessage } from '../../../shared/rpc/envelope';
import type { Port } from '../../../shared/rpc/port';

/** Opens the socket and resolves once it is connected; rejects when the host refuses it. */
export function openWebSocketPort(url: string): Promise<Port<ClientMessage, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const closeListeners = new Set<(reason: string) => void>();
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      resolve({
        post: (message) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
        },
        onMessage: (listener) => {
          const handle = (event: MessageEvent): void => {
            if (typeof event.data !== 'string') return;
            try {
              listener(JSON.parse(event.data) as unknown);
            } catch {
              // the host only sends JSON; ignore anything else
            }
          };
          socket.addEventListener('message', handle);
          return () => socket.removeEventListener('message', handle);
        },
        onClose: (listener) => {
          closeListeners.add(listener);
          return () => closeListeners.delete(listener);
        },
      });
    });
    socket.addEventListener('close', (event) => {
      if (!opened) reject(new Error(`The Loci host refused the connection (code ${event.code}). Open the URL printed by \`npm run serve\`, which carries the access token.`));
      for (const listener of closeListeners) listener(event.reason || `the Loci host closed the connection (code ${event.code})`);
    });
  });
}
