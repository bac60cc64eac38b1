import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** @param {string} path */
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The dashboard builds into `packages/hub/dist/dashboard`, which the hub serves at `/`. */
export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  build: {
    outDir: here('../dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false, // not shipped: the tarball holds no maps (CONTRIBUTING.md, "Dual packages")
    chunkSizeWarningLimit: 200,
  },
});
