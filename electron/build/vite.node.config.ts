// Builds the Node side (Electron main, serve host, CLI, workers) as ESM into dist/electron; npm packages stay external.
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');

export const nodeEntries = {
  main: path.join(root, 'electron/main/index.ts'),
  serve: path.join(root, 'electron/host/serve.ts'),
  cli: path.join(root, 'electron/cli/loci.ts'),
  // [Note: worker entries] workers are entries of their own, found at dist/electron/workers/<name>.worker.js
  'workers/embedding.worker': path.join(root, 'electron/services/embedding/embedding.worker.ts'),
  'workers/ingest.worker': path.join(root, 'electron/services/ingest/ingest.worker.ts'),
  'workers/folderWatcher.worker': path.join(root, 'electron/services/sources/folderWatcher.worker.ts'),
  'workers/llama.worker': path.join(root, 'electron/services/engines/builtin/llama.worker.ts'),
};

export default defineConfig({
  root,
  publicDir: false,
  build: {
    ssr: true,
    target: 'node20',
    outDir: path.join(root, 'dist/electron'),
    emptyOutDir: false,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: nodeEntries,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
