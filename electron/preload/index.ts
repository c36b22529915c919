// The preload: exposes exactly one object, `window.loci`: the contract client over a single IPC channel, plus
// the path of a dropped file.
// No ipcRenderer, no Node API reaches the page.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { AppContract } from '../../shared/contract';
import { createRpcClient } from '../../shared/rpc/client';
import type { LociBridge } from '../../shared/rpc/bridge';
import type { ClientMessage } from '../../shared/rpc/envelope';
import type { Port } from '../../shared/rpc/port';
import { RPC_CHANNEL } from '../main/ipc/channel';

const port: Port<ClientMessage, unknown> = {
  post: (message) => ipcRenderer.send(RPC_CHANNEL, message),
  onMessage: (listener) => {
    const handle = (_event: Electron.IpcRendererEvent, message: unknown): void => listener(message);
    ipcRenderer.on(RPC_CHANNEL, handle);
    return () => ipcRenderer.off(RPC_CHANNEL, handle);
  },
  // main lives as long as the window; a reload builds a new preload and a new connection
  onClose: () => () => undefined,
};

const bridge: LociBridge = {
  ...createRpcClient<AppContract>(port),
  // dropped files carry their real path only through webUtils, which lives here
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('loci', bridge);
