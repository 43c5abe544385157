import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The browser build of the engine: one self-contained ES module, `dist/browser/engine.js`, that a
 * page or a Web Worker imports as it is. `tsc -b` still builds `dist/` for Node; this sits beside it.
 */
export default defineConfig({
  root: here,
  logLevel: 'warn',
  // A library has no public dir; without this Vite would copy `public/` if one ever appeared.
  publicDir: false,
  build: {
    lib: {
      entry: fileURLToPath(new URL('src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'engine.js',
    },
    outDir: 'dist/browser',
    emptyOutDir: true,
    // Baseline browsers of 2023 (class fields, top-level await): what the engine's ES2023 source needs.
    target: 'es2023',
    sourcemap: true,
    // Readable output: stack traces from a worker in the field point at real names.
    minify: false,
  },
});
