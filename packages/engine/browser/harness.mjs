// Builds the browser engine and its conformance harness with Vite, and serves them to a browser.
// Used by e2e/engine-conformance.spec.ts and bench/engine/browser.mjs.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const engineDir = fileURLToPath(new URL('..', import.meta.url));

/** The library build of the engine (the browser artefact). */
export const ENGINE_BUNDLE = path.join(engineDir, 'dist/browser/engine.js');
/** The harness build; `conformance-cases.js` runs a case on an engine passed in. */
export const HARNESS_DIR = path.join(engineDir, 'dist/browser-conformance');

/** Runs both Vite builds: the engine library, then the harness that imports it. */
export async function buildBrowserEngine() {
  await build({ configFile: path.join(engineDir, 'vite.config.ts') });
  await build({ configFile: path.join(engineDir, 'browser/vite.config.ts') });
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  // Module scripts and module workers load only with a JavaScript MIME type.
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/** Where a request path's file lives: the page, the harness build or the engine build. */
function fileFor(urlPath) {
  const name = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return null;
  if (name === 'index.html') return path.join(engineDir, 'browser/index.html');
  return (
    [HARNESS_DIR, path.dirname(ENGINE_BUNDLE)]
      .map((dir) => path.join(dir, name))
      .find((file) => existsSync(file)) ?? null
  );
}

/** Serves the harness on 127.0.0.1 at a free port; resolves with its URL and a close function. */
export async function serveHarness() {
  const server = createServer(async (request, response) => {
    const file = fileFor(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(await readFile(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
