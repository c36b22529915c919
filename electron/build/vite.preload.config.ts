// Builds the preload as ONE CommonJS file with its dependencies inlined: a sandboxed preload cannot load modules.
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  publicDir: false,
  ssr: { noExternal: true },
  build: {
    ssr: true,
    target: 'node20',
    outDir: path.join(root, 'dist/electron'),
    emptyOutDir: false,
    sourcemap: false,
    minify: false,
    rollupOptions: {
      input: { preload: path.join(root, 'electron/preload/index.ts') },
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
    },
  },
});
