// Shared setup of the specs that need a served model: the penguins, an owner and one deployed
// penguin classifier, made over the API (the registry and deployment UIs have their own journey).
import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures.js';

/** vega-datasets' penguins (344 rows): Species and six features, some of them missing. */
export const penguins = JSON.parse(
  readFileSync(
    new URL('../node_modules/vega-datasets/data/penguins.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string | number | null>[];

export const PENGUIN_FEATURES = Object.keys(penguins[0]!).filter((c) => c !== 'Species');

export function penguinsCsv(): Buffer {
  const header = Object.keys(penguins[0]!);
  const rows = penguins.map((p) => header.map((key) => p[key] ?? '').join(','));
  return Buffer.from([header.join(','), ...rows].join('\n') + '\n');
}

/** Polls `read` every 250 ms until `done` holds (two minutes at most). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  for (let i = 0; i < 480; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * On a fresh studio: the owner (signed in on `request`'s cookies), an org and project, the penguins,
 * one finished GBDT run registered as version 1 of a model, deployed at 100 %.
 */
export async function deployPenguinModel(
  request: APIRequestContext,
  owner: { name: string; email: string },
) {
  const setup = await request.post('/api/v1/auth/setup', {
    data: { ...owner, password: 'amber-lantern-quiver-77' },
  });
  expect(setup.status(), await setup.text()).toBe(201);
  const me = (await (await request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': me.csrfToken };
  const post = async (url: string, data: unknown) => {
    const reply = await request.post(url, { headers, data });
    expect(reply.ok(), await reply.text()).toBe(true);
    return (await reply.json()) as { id: string } & Record<string, unknown>;
  };
  const org = await post('/api/v1/orgs', { name: 'Penguin team' });
  const project = await post(`/api/v1/orgs/${org.id}/projects`, { name: 'Penguin service' });
  const upload = await request.post(`/api/v1/projects/${project.id}/datasets`, {
    headers,
    multipart: {
      name: 'penguins',
      license: 'CC0-1.0',
      attestation: '1',
      file: { name: 'penguins.csv', mimeType: 'text/csv', buffer: penguinsCsv() },
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
  const finished = await until(
    async () =>
      (await (await request.get(`/api/v1/runs/${run.id}`)).json()) as {
        status: string;
        error: string | null;
      },
    (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status),
    'the run',
  );
  expect(finished.status, finished.error ?? '').toBe('succeeded');
  const model = await post(`/api/v1/projects/${project.id}/models`, { name: 'penguin-species' });
  await post(`/api/v1/models/${model.id}/versions`, { runId: run.id });
  const deployment = await post(`/api/v1/projects/${project.id}/deployments`, {
    name: 'species',
    routes: [{ modelId: model.id, version: 1, weight: 100 }],
  });
  return { projectId: project.id, modelId: model.id, deploymentId: deployment.id, post };
}
