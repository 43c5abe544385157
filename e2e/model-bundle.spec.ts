// The browser export bundle, offline: a registered penguin model's bundle is unzipped, served by a
// bare static file server (no studio behind it), and its demo page predicts in Chromium what the
// studio's own /predict answers for the same record.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as apiRequest, type APIRequestContext, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, startServer, test } from './fixtures.js';
import {
  deployPenguinModel,
  penguins,
  PENGUIN_FEATURES as FEATURES,
} from './penguin-deployment.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.md': 'text/markdown',
};

/** Serves `dir` read-only on a free local port, as any static host would. */
async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url!, 'http://x').pathname);
    const file = path.join(dir, name === '/' ? 'index.html' : name);
    if (!file.startsWith(dir)) return response.writeHead(403).end();
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'text/plain' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

test('the exported bundle predicts offline in Chromium what the server predicts', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // Its own studio: the worker's shared one already has an owner from the specs before this one.
  const studio = await startServer();
  const request = await apiRequest.newContext({ baseURL: studio.server.url });
  try {
    await bundleMatchesServer(page, request);
  } finally {
    await request.dispose();
    studio.child.kill('SIGTERM');
    rmSync(studio.server.dataDir, { recursive: true, force: true });
  }
});

async function bundleMatchesServer(page: Page, request: APIRequestContext) {
  const { modelId, deploymentId, post } = await deployPenguinModel(request, {
    name: 'Bea Bundler',
    email: 'bundle@example.com',
  });
  const record = Object.fromEntries(FEATURES.map((c) => [c, penguins[200]![c] ?? null]));
  const online = (await post(`/api/v1/deployments/${deploymentId}/predict`, {
    records: [record],
  })) as unknown as { predictions: { label: string; probabilities: Record<string, number> }[] };

  const zip = await request.get(`/api/v1/models/${modelId}/versions/1/download?format=bundle`);
  expect(zip.headers()['content-type']).toBe('application/zip');
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-'));
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(await zip.body())))) {
    if (name.endsWith('/')) continue;
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  const { url, server } = await serveStatic(dir);
  try {
    // Offline: every request the page makes stays on the static server.
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${url}/index.html`);
    await expect(page.locator('form[data-ready="true"]')).toBeAttached({ timeout: 30_000 });
    for (const name of FEATURES) {
      const value = record[name];
      if (value === null) continue;
      const field = page.locator(`[name="${name}"]`);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
        await field.selectOption(String(value));
      } else {
        await field.fill(String(value));
      }
    }
    await page.getByRole('button', { name: 'Predict' }).click();
    const result = page.locator('output#result');
    await expect(result).toHaveAttribute('data-prediction', /label/, { timeout: 30_000 });
    const inBrowser = JSON.parse((await result.getAttribute('data-prediction'))!) as {
      label: string;
      probabilities: Record<string, number>;
    };
    const expected = online.predictions[0]!;
    expect(inBrowser.label).toBe(expected.label);
    for (const [species, p] of Object.entries(expected.probabilities)) {
      // onnxruntime-web computes in float32, the server's engine in float64.
      expect(inBrowser.probabilities[species]).toBeCloseTo(p, 5);
    }
    await expect(result).toContainText(expected.label);
    expect([...origins]).toEqual([url]);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
