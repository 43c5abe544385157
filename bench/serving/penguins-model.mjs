// The model the serving and prediction-log benches score: penguins species (vega-datasets), a
// 100-round GBDT trained as a run, registered, and an API key with the predict scope.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioClient } from '../training/studio-client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ROUNDS_OF_BOOSTING = 100;

const penguins = JSON.parse(
  readFileSync(path.join(root, 'node_modules/vega-datasets/data/penguins.json'), 'utf8'),
);
const FEATURES = Object.keys(penguins[0]).filter((c) => c !== 'Species');
/** The record every single-row request sends: the first penguin without its species. */
export const record = Object.fromEntries(FEATURES.map((c) => [c, penguins[0][c]]));
export const MODEL_DESCRIPTION = `GBDT on penguins (Species, 3 classes), ${ROUNDS_OF_BOOSTING} boosting rounds (${ROUNDS_OF_BOOSTING * 3} trees: one per class per round)`;

/** Uploads the penguins, trains and registers the GBDT; returns what deploying it needs. */
export async function seedPenguinsModel(base) {
  const client = new StudioClient(base);
  await client.setUp();
  const csvPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'penguins-bench-')), 'penguins.csv');
  const columns = Object.keys(penguins[0]);
  writeFileSync(
    csvPath,
    [columns.join(','), ...penguins.map((r) => columns.map((c) => r[c] ?? '').join(','))].join(
      '\n',
    ),
  );
  const versionId = await client.upload(csvPath, 'CC0-1.0');
  await client.waitReady(versionId);
  const run = await client.startRun({
    datasetVersionId: versionId,
    target: 'Species',
    algorithm: 'gbdt',
    params: { nIter: ROUNDS_OF_BOOSTING, earlyStopping: false },
  });
  const [finished] = await client.waitAllFinal([run.id]);
  if (finished.status !== 'succeeded') throw new Error(`run ${run.id} ${finished.status}`);
  const model = await client.call('POST', `/api/v1/projects/${client.projectId}/models`, {
    name: 'Species',
  });
  await client.call('POST', `/api/v1/models/${model.id}/versions`, { runId: run.id });
  const { orgId } = await client.call('GET', `/api/v1/projects/${client.projectId}`);
  const key = await client.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
    name: 'serving bench',
    scopes: ['read', 'write', 'predict'],
  });
  /** A deployment of one version of the model; `sampleRate` of the prediction log when given. */
  const deploy = async (name, version, sampleRate) =>
    (
      await client.call('POST', `/api/v1/projects/${client.projectId}/deployments`, {
        name,
        routes: [{ modelId: model.id, version, weight: 100 }],
        ...(sampleRate === undefined ? {} : { logging: { sampleRate } }),
      })
    ).id;
  return {
    client,
    runId: run.id,
    modelId: model.id,
    auth: { authorization: `Bearer ${key.secret}` },
    deploy,
  };
}
