// The single IPC channel the contract travels on (shared by main and preload).
export const RPC_CHANNEL = 'loci:rpc';
