// Runs a TypeScript worker from source (tests, `tsx` dev runs): registers tsx in this thread, then loads the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
