// Electron transport: one IPC channel per window carries the contract; every message's sender frame is checked
// (our origin, top-level frame) before the rpc server sees it.
import { ipcMain, type WebContents } from 'electron';
import type { AppContract } from '../../../shared/contract';
import type { ServerMessage } from '../../../shared/rpc/envelope';
import type { Port } from '../../../shared/rpc/port';
import type { RpcServer } from '../../../shared/rpc/server';
import type { Logger } from '../../services/logging/logger';
import { isTrustedSenderFrame } from '../security/policies';
import { RPC_CHANNEL } from './channel';

interface Connection {
  deliver(message: unknown): void;
}

export function bindIpcTransport(rpc: RpcServer<AppContract>, logger: Logger): () => void {
  const log = logger.child('ipc');
  const connections = new Map<number, Connection>();

  const open = (contents: WebContents): Connection => {
    const messageListeners = new Set<(message: unknown) => void>();
    const closeListeners = new Set<(reason: string) => void>();
    const port: Port<ServerMessage, unknown> = {
      post: (message) => {
        if (!contents.isDestroyed()) contents.send(RPC_CHANNEL, message);
      },
      onMessage: (listener) => {
        messageListeners.add(listener);
        return () => messageListeners.delete(listener);
      },
      onClose: (listener) => {
        closeListeners.add(listener);
        return () => closeListeners.delete(listener);
      },
    };
    // a reload or crash ends this page's calls and streams; the next page opens a fresh connection
    const close = (reason: string): void => {
      if (connections.get(contents.id) !== connection) return;
      connections.delete(contents.id);
      for (const listener of closeListeners) listener(reason);
    };
    const connection: Connection = { deliver: (message) => messageListeners.forEach((l) => l(message)) };
    connections.set(contents.id, connection);
    contents.once('destroyed', () => close('window closed'));
    contents.on('render-process-gone', () => close('renderer gone'));
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) close('page reloaded');
    });
    rpc.connect(port);
    return connection;
  };

  const onMessage = (event: Electron.IpcMainEvent, message: unknown): void => {
    const frame = event.senderFrame;
    if (!isTrustedSenderFrame(frame, event.sender.mainFrame)) {
      log.warn('dropped IPC message from an untrusted frame', { url: frame?.url });
      return;
    }
    (connections.get(event.sender.id) ?? open(event.sender)).deliver(message);
  };
  ipcMain.on(RPC_CHANNEL, onMessage);
  return () => ipcMain.off(RPC_CHANNEL, onMessage);
}
