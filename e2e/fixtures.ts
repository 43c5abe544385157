import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'apps/cli/bin/aistudio.js');

export interface StudioServer {
  url: string;
  dataDir: string;
}

/**
 * Starts `aistudio serve` on a free port (--port 0) with a fresh data dir; resolves once ready.
 * `env` adds settings (e.g. a faster alert evaluation) to the minimal environment.
 */
export async function startServer(
  env: Record<string, string> = {},
): Promise<{ server: StudioServer; child: ChildProcess }> {
  for (const built of ['apps/cli/dist/main.js', 'apps/web/dist/index.html']) {
    if (!existsSync(path.join(root, built)))
      throw new Error(`${built} is missing: run \`npx tsc -b && npm run build -w @aistudio/web\``);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aistudio-e2e-'));
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir],
    {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    // Generous: under a loaded CI machine, migrations and the first import take a while.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const check = () => {
      const match = output.match(/AI Studio is running at (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        return resolve(match[1]!);
      }
      if (child.exitCode !== null) {
        clearTimeout(timer);
        return reject(new Error(`server exited ${child.exitCode}:\n${output}`));
      }
      setTimeout(check, 25);
    };
    check();
  });
  await waitUntilReady(url);
  return { server: { url, dataDir }, child };
}

async function waitUntilReady(url: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url}/readyz never answered 200`);
}

/** `server` is one studio per worker; `baseURL` points the browser at it. */
export const test = base.extend<object, { server: StudioServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const { server, child } = await startServer();
      await use(server);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(server.dataDir, { recursive: true, force: true });
    },
    // The worker fixture's own limit must cover the server's start (see startServer).
    { scope: 'worker', timeout: 150_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});

export { expect } from '@playwright/test';
