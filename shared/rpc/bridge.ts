// The shape of `window.loci` in the desktop app: the contract client plus the one desktop-only helper a page needs.
import type { AppContract } from '../contract';
import type { RpcClient } from './client';

export interface DesktopFileHelpers {
  /** The absolute path of a File the user dropped on the window ('' when it has none). */
  pathForFile(file: object): string;
}

export type LociBridge = RpcClient<AppContract> & DesktopFileHelpers;
