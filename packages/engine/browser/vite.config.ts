import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const entry = (name: string) => fileURLToPath(new URL(`${name}.ts`, import.meta.url));

/**
 * The conformance harness: a page script, a worker and the cases they share, as ES modules in
 * `dist/browser-conformance/`. The engine is left out and imported as `./engine.js`, so the
 * browser runs exactly the library build of `../vite.config.ts`, which is served beside them.
 */
export default defineConfig({
  root: here,
  logLevel: 'warn',
  publicDir: false,
  build: {
    lib: {
      entry: {
        'conformance-page': entry('conformance-page'),
        'conformance-worker': entry('conformance-worker'),
        'conformance-cases': entry('conformance-cases'),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    outDir: '../dist/browser-conformance',
    emptyOutDir: true,
    target: 'es2023',
    minify: false,
    rolldownOptions: {
      external: ['@aistudio/engine'],
      output: {
        paths: { '@aistudio/engine': './engine.js' },
        // Stable names: the harness is served by name, never cached by hash.
        chunkFileNames: '[name].js',
      },
    },
  },
});
