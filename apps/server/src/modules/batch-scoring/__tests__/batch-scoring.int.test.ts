import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import { penguinRecords, penguinsProject } from '../../../__tests__/support/penguins.js';
import {
  createTestApp,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

const FEATURES = Object.keys(penguinRecords[0]!).filter((c) => c !== 'Species');
const csvOf = (columns: string[], license = 'CC0-1.0') => ({
  fields: { license, attestation: '1' },
  content: [
    columns.join(','),
    ...penguinRecords.map((row) => columns.map((c) => row[c] ?? '').join(',')),
  ].join('\n'),
});

describe(`batch scoring [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let versionId: string;
  let modelId: string;

  const upload = async (name: string, columns: string[], license?: string) => {
    const { fields, content } = csvOf(columns, license);
    const reply = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { ...fields, name },
      { file: { fileName: `${name}.csv`, content } },
    );
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    return reply.body.version.id as string;
  };
  const registeredModel = async (name: string, datasetVersionId: string) => {
    const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId, target: 'Species', algorithm: 'gbdt', params: { nIter: 10 } },
    });
    expect(run.status).toBe(202);
    await t.jobs.idle();
    const model = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: owner,
      body: { name },
    });
    const version = await t.call('POST', `/api/v1/models/${model.body.id}/versions`, {
      as: owner,
      body: { runId: run.body.id },
    });
    expect(version.body.status).toBe('ready');
    return model.body.id as string;
  };
  const score = (body: unknown, as: SignedIn = owner, id = modelId) =>
    t.call('POST', `/api/v1/models/${id}/batch-scorings`, { as, body });

  beforeAll(async () => {
    t = await createTestApp();
    ({ owner, viewer, outsider, projectId, versionId } = await penguinsProject(t));
    modelId = await registeredModel('Species', versionId);
  }, 180_000);
  afterAll(() => t.close());

  it('writes a new dataset version whose predictions equal online predictions', async () => {
    const started = await score({ version: 1, datasetVersionId: versionId, outputName: 'scored' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      modelId,
      modelVersion: 1,
      sourceVersionId: versionId,
      outputName: 'scored',
      outputVersionId: null,
      job: { kind: 'model.batch_score' },
    });
    await t.jobs.idle();
    const done = await t.call('GET', `/api/v1/batch-scorings/${started.body.id}`, { as: viewer });
    expect(done.body.job.status).toBe('succeeded');
    expect(done.body.rowCount).toBe(penguinRecords.length);

    const output = await t.call('GET', `/api/v1/dataset-versions/${done.body.outputVersionId}`, {
      as: viewer,
    });
    expect(output.body).toMatchObject({
      status: 'ready',
      source: 'batch_scoring',
      parentVersionId: versionId,
      license: 'CC0-1.0',
      rowCount: penguinRecords.length,
    });
    const names = (output.body.schema as { name: string }[]).map((c) => c.name);
    expect(names).toEqual([
      ...Object.keys(penguinRecords[0]!),
      'prediction',
      'probability_Adelie',
      'probability_Chinstrap',
      'probability_Gentoo',
    ]);

    const deployment = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name: 'species', routes: [{ modelId, version: 1, weight: 100 }] },
    });
    const records = penguinRecords.map((row) =>
      Object.fromEntries(FEATURES.map((c) => [c, row[c] === '.' ? null : (row[c] ?? null)])),
    );
    const online = await t.call('POST', `/api/v1/deployments/${deployment.body.id}/predict`, {
      as: owner,
      body: { records },
    });
    expect(online.status).toBe(200);
    const preview = await t.call(
      'GET',
      `/api/v1/dataset-versions/${done.body.outputVersionId}/preview?limit=1000`,
      { as: viewer },
    );
    const at = (name: string) =>
      preview.body.columns.findIndex((c: { name: string }) => c.name === name);
    preview.body.rows.forEach((row: unknown[], i: number) => {
      const expected = online.body.predictions[i];
      expect(row[at('prediction')]).toBe(expected.label);
      for (const species of ['Adelie', 'Chinstrap', 'Gentoo']) {
        // ONNX Runtime scores in float32, online serving in float64.
        expect(row[at(`probability_${species}`)]).toBeCloseTo(expected.probabilities[species], 5);
      }
    });

    const again = await score({ version: 1, datasetVersionId: versionId, outputName: 'Scored' });
    await t.jobs.idle();
    const second = await t.call('GET', `/api/v1/batch-scorings/${again.body.id}`, { as: owner });
    const next = await t.call('GET', `/api/v1/dataset-versions/${second.body.outputVersionId}`, {
      as: owner,
    });
    expect(next.body).toMatchObject({ datasetId: output.body.datasetId, number: 2 });
  }, 120_000);

  it('refuses missing input columns (422 naming them) before any job starts', async () => {
    const partial = await upload(
      'no island',
      FEATURES.filter((c) => c !== 'Island' && c !== 'Sex'),
    );
    const refused = await score({ version: 1, datasetVersionId: partial });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'datasetVersionId.Island',
      'datasetVersionId.Sex',
    ]);
    expect(refused.body.detail).toContain('"Island", "Sex"');
    const jobs = await t.call('GET', `/api/v1/projects/${projectId}/jobs?limit=100`, { as: owner });
    if (jobs.status === 200) {
      expect(
        jobs.body.items.filter((j: { targetId: string }) => j.targetId === partial),
      ).toHaveLength(1);
    }
  }, 60_000);

  it('refuses a model whose licence forbids use, a bad body and strangers', async () => {
    const nc = await upload('penguins nc', [...FEATURES, 'Species'], 'CC-BY-NC-4.0');
    const held = (await t.call('GET', `/api/v1/dataset-versions/${nc}`, { as: owner })).body;
    const approved = await t.call('POST', `/api/v1/reviews/${held.review.id}/approve`, {
      as: owner,
      body: { reason: 'internal research use agreed with the data owner' },
    });
    expect(approved.status).toBe(200);
    const ncModel = await registeredModel('Species NC', nc);
    const forbidden = await score({ version: 1, datasetVersionId: versionId }, owner, ncModel);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('license_restricted');

    const bad = await score({ version: 'no such!', datasetVersionId: versionId, extra: 1 });
    expect(bad.status).toBe(400);
    const missing = await score({ version: 9, datasetVersionId: versionId });
    expect(missing.status).toBe(404);
    const stranger = await score({ version: 1, datasetVersionId: versionId }, outsider);
    expect(stranger.status).toBe(404);
    const readOnly = await score({ version: 1, datasetVersionId: versionId }, viewer);
    expect(readOnly.status).toBe(403);
  }, 120_000);

  it('answers 409 when cancelling a scoring that has finished', async () => {
    const started = await score({ version: 'latest-missing', datasetVersionId: versionId });
    expect(started.status).toBe(404);
    const run = await score({ version: 1, datasetVersionId: versionId });
    await t.jobs.idle();
    const cancel = await t.call('POST', `/api/v1/batch-scorings/${run.body.id}/cancel`, {
      as: owner,
    });
    expect(cancel.status).toBe(409);
  }, 60_000);
});
