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

const penguins = JSON.parse(
  readFileSync(
    new URL('../node_modules/vega-datasets/data/penguins.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string | number | null>[];
const FEATURES = Object.keys(penguins[0]!).filter((c) => c !== 'Species');

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

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  for (let i = 0; i < 480; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An owner, a project, the penguins, one finished run registered as version 1 of a model. */
async function registeredPenguinModel(request: APIRequestContext) {
  const setup = await request.post('/api/v1/auth/setup', {
    data: { email: 'bundle@example.com', password: 'amber-lantern-quiver-77', name: 'Bea Bundler' },
  });
  expect(setup.status(), await setup.text()).toBe(201);
  const me = (await (await request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': me.csrfToken };
  const post = async (url: string, data: unknown) => {
    const reply = await request.post(url, { headers, data });
    expect(reply.ok(), await reply.text()).toBe(true);
    return (await reply.json()) as { id: string } & Record<string, unknown>;
  };
  const org = await post('/api/v1/orgs', { name: 'Bundlers' });
  const project = await post(`/api/v1/orgs/${org.id}/projects`, { name: 'Offline penguins' });
  const header = Object.keys(penguins[0]!);
  const csv = [header.join(','), ...penguins.map((p) => header.map((k) => p[k] ?? '').join(','))];
  const upload = await request.post(`/api/v1/projects/${project.id}/datasets`, {
    headers,
    multipart: {
      name: 'penguins',
      license: 'CC0-1.0',
      attestation: '1',
      file: { name: 'penguins.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\n')) },
    },
  });
  expect(upload.status()).toBe(202);
  const versionId = ((await upload.json()) as { version: { id: string } }).version.id;
  await until(
    async () => (await (await request.get(`/api/v1/dataset-versions/${versionId}`)).json()).status,
    (status) => status === 'ready',
    'the dataset version',
  );
  const run = await post(`/api/v1/projects/${project.id}/runs`, {
    datasetVersionId: versionId,
    target: 'Species',
    algorithm: 'gbdt',
    params: { nIter: 20 },
  });
  await until(
    async () => (await (await request.get(`/api/v1/runs/${run.id}`)).json()).status,
    (status) => ['succeeded', 'failed', 'cancelled'].includes(status),
    'the run',
  );
  const model = await post(`/api/v1/projects/${project.id}/models`, { name: 'penguin-species' });
  await post(`/api/v1/models/${model.id}/versions`, { runId: run.id });
  const deployment = await post(`/api/v1/projects/${project.id}/deployments`, {
    name: 'species',
    routes: [{ modelId: model.id, version: 1, weight: 100 }],
  });
  return { modelId: model.id, deploymentId: deployment.id, post };
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
  const { modelId, deploymentId, post } = await registeredPenguinModel(request);
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
