// The preload: exposes exactly one object, `window.loci`: the contract client over a single IPC channel, plus
// grants for files the user dropped on the window. No ipcRenderer, no Node API, no file path reaches the page.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { AppContract } from '../../shared/contract';
import { PathGrantSchema, type PathGrant } from '../../shared/contract/library';
import { createRpcClient } from '../../shared/rpc/client';
import type { LociBridge } from '../../shared/rpc/bridge';
import type { ClientMessage } from '../../shared/rpc/envelope';
import type { Port } from '../../shared/rpc/port';
import { GRANT_DROP_CHANNEL, RPC_CHANNEL } from '../main/ipc/channel';

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

/**
 * [Note: trusted drops] Paths of files from drops the browser itself dispatched (`isTrusted`; a page's synthetic
 * DragEvent is not). The preload's capture listener runs before the page's own drop handler. Only these paths are
 * sent to main, each once: a compromised page cannot get a grant for a File from anywhere else (a File it built has
 * no path; one from a file input it opened was not dropped).
 */
const MAX_PENDING = 10_000;
const droppedPaths = new Set<string>();
window.addEventListener(
  'drop',
  (event) => {
    if (!event.isTrusted || !event.dataTransfer) return;
    for (const file of Array.from(event.dataTransfer.files)) {
      const filePath = webUtils.getPathForFile(file);
      if (filePath) droppedPaths.add(filePath);
    }
    for (const stale of droppedPaths) {
      if (droppedPaths.size <= MAX_PENDING) break;
      droppedPaths.delete(stale);
    }
  },
  true,
);

const grantDroppedFiles = async (files: readonly object[]): Promise<PathGrant[]> => {
  const paths: string[] = [];
  for (const file of files) {
    let filePath: string;
    try {
      filePath = webUtils.getPathForFile(file as File);
    } catch {
      continue; // not a File at all
    }
    if (!filePath || !droppedPaths.delete(filePath)) continue;
    paths.push(filePath);
  }
  if (paths.length === 0) return [];
  const answer: unknown = await ipcRenderer.invoke(GRANT_DROP_CHANNEL, paths);
  const parsed = PathGrantSchema.array().safeParse(answer);
  return parsed.success ? parsed.data : [];
};

const bridge: LociBridge = {
  ...createRpcClient<AppContract>(port),
  grantDroppedFiles,
};

contextBridge.exposeInMainWorld('loci', bridge);
