// Builds the Node side (Electron main, serve host, CLI, workers) as ESM into dist/electron; npm packages stay external.
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');

export const nodeEntries = {
  main: path.join(root, 'electron/main/index.ts'),
  serve: path.join(root, 'electron/host/serve.ts'),
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
