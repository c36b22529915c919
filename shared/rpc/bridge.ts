// The shape of `window.loci` in the desktop app: the contract client plus the one desktop-only helper a page needs.
import type { AppContract } from '../contract';
import type { PathGrant } from '../contract/library';
import type { RpcClient } from './client';

export interface DesktopFileHelpers {
  /**
   * Asks main for grants on files the user dropped on the window: the preload reads their paths (which the page
   * never sees) and main checks them. Files that did not come from a real drop, or that main refuses, get none.
   */
  grantDroppedFiles(files: readonly object[]): Promise<PathGrant[]>;
}

export type LociBridge = RpcClient<AppContract> & DesktopFileHelpers;
