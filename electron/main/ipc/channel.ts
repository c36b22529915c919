// The IPC channels (shared by main and preload): the contract travels on one; the other only asks main for grants
// on dropped files' paths, which must never be a contract method ([Note: dropped paths]).
export const RPC_CHANNEL = 'loci:rpc';

/** invoke(paths: string[]) → PathGrant[]: the preload asks main to grant paths of files the user dropped. */
export const GRANT_DROP_CHANNEL = 'loci:grant-drop';
