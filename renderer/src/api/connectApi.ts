// Picks the transport once at start-up: the preload's bridge in the desktop app, else the serve host's WebSocket.
// Nothing else in the renderer knows which one it got.
import type { AppContract } from '../../../shared/contract';
import type { LociBridge } from '../../../shared/rpc/bridge';
import { createRpcClient, type RpcClient } from '../../../shared/rpc/client';
import { createDesktopImporter, createUploadImporter, type FileImporter } from './fileImport';
import { createLociApi, type LociApi } from './lociApi';
import { openWebSocketPort } from './webSocketPort';

declare global {
  interface Window {
    /** Set by the desktop app's preload: the contract client over Electron IPC. */
    readonly loci?: LociBridge;
  }
}

const TOKEN_KEY = 'loci.token';

/** The serve host hands the token in the URL once; keep it for reloads and take it out of the address bar. */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const uploadsOver = (client: RpcClient<AppContract>): FileImporter =>
  createUploadImporter({
    begin: async (name, size) => (await client.call('uploads.begin', { name, size })).uploadId,
    append: async (uploadId, data) => void (await client.call('uploads.append', { uploadId, data })),
  });

export async function connectApi(): Promise<LociApi> {
  if (window.loci) return createLociApi(window.loci, createDesktopImporter(window.loci, uploadsOver(window.loci)));
  const token = takeToken();
  if (!token) throw new Error('No access token: open the URL that `npm run serve` printed (it ends with ?token=…).');
  const wsUrl = new URL('/rpc', window.location.href);
  wsUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.searchParams.set('token', token);
  const port = await openWebSocketPort(wsUrl.toString());
  const client = createRpcClient<AppContract>(port);
  return createLociApi(client, uploadsOver(client));
}
