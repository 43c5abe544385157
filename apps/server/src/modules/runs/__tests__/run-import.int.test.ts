import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitForEvaluation, Table, train, type TrainedModel } from '@aistudio/engine';
import {
  penguinRecords as penguins,
  penguinsProject,
} from '../../../__tests__/support/penguins.js';
import { createTestApp, type SignedIn, type TestApp } from '../../../__tests__/support/test-app.js';

/** What the playground's Web Worker does: parse the records, hold out 20 %, train. */
async function trainLikeTheBrowser(target: string, features: string[]) {
  const split = splitForEvaluation(Table.fromRecords(penguins), target, {
    testFraction: 0.2,
    seed: 0,
  });
  const curve = { name: 'train_loss' as const, steps: [] as number[], values: [] as number[] };
  const model = await train(
    { target, features, algorithm: 'gbdt', params: { nIter: 30 }, seed: 0 },
    split.train,
    {
      onProgress: (event) => {
        curve.steps.push(event.iteration);
        curve.values.push(event.trainLoss!);
      },
    },
  );
  return { model, curve };
}

describe('importing a playground run', () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let versionId: string;
  let species: Awaited<ReturnType<typeof trainLikeTheBrowser>>;
  const features = ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'];

  const importRun = (overrides: Record<string, unknown> = {}, as = owner) =>
    t.call('POST', `/api/v1/projects/${projectId}/runs/import`, {
      as,
      body: {
        datasetVersionId: versionId,
        target: 'Species',
        features,
        algorithm: 'gbdt',
        params: { nIter: 30 },
        model: species.model,
        curves: [species.curve],
        trainingMs: 120,
        ...overrides,
      },
    });

  beforeAll(async () => {
    t = await createTestApp();
    ({ owner, viewer, outsider, projectId, versionId } = await penguinsProject(t));
    species = await trainLikeTheBrowser('Species', features);
  });
  afterAll(() => t.close());

  it('records a finished playground run on the version, evaluated and exported like a studio run', async () => {
    const imported = await importRun();
    expect(imported.status).toBe(201);
    const run = imported.body;
    expect(run).toMatchObject({
      status: 'succeeded',
      source: 'playground',
      kind: 'train',
      datasetVersionId: versionId,
      task: 'multiclass',
      features,
      durationMs: 120,
      jobId: null,
    });
    expect(run.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(run.artifacts.map((a: { name: string }) => a.name)).toEqual([
      'evaluation.json',
      'model.json',
      'model.onnx',
    ]);

    // The same held-out rows a studio run of these settings evaluates on: equal accuracy.
    const studio = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: {
        datasetVersionId: versionId,
        target: 'Species',
        features,
        params: { nIter: 30 },
      },
    });
    await t.jobs.idle();
    const trained = (await t.call('GET', `/api/v1/runs/${studio.body.id}`, { as: owner })).body;
    expect(run.metrics.accuracy).toBe(trained.metrics.accuracy);

    const model = (
      await t.call('GET', `/api/v1/runs/${run.id}/artifacts/model.json`, { as: viewer })
    ).body as TrainedModel;
    expect(JSON.stringify(model)).toBe(JSON.stringify(species.model));
    const metrics = (await t.call('GET', `/api/v1/runs/${run.id}/metrics`, { as: viewer })).body;
    expect(metrics.series).toEqual([{ name: 'train_loss', ...pick(species.curve) }]);
    const evaluation = (await t.call('GET', `/api/v1/runs/${run.id}/evaluation`, { as: viewer }))
      .body;
    expect(evaluation.classification.accuracy).toBe(run.metrics.accuracy);

    const listed = await t.call(
      'GET',
      `/api/v1/projects/${projectId}/runs?filter=${encodeURIComponent("attributes.source = 'playground'")}`,
      { as: viewer },
    );
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([run.id]);
  });

  it('refuses a feature the version does not have, naming the field', async () => {
    const reply = await importRun({ features: [...features.slice(1), 'Wing Span (mm)'] });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].field).toBe('features');
  });

  it("refuses features that are not the model's inputs", async () => {
    const reply = await importRun({ features: [...features, 'Sex'] });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0]).toMatchObject({ field: 'features' });
    expect(reply.body.detail).toContain('the model does not read Sex');
  });

  it('refuses a regression model of a text target (target type)', async () => {
    const reply = await importRun({
      model: { ...species.model, task: 'regression', target: { name: 'Species', classes: null } },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].field).toBe('task');
  });

  it('refuses a corrupted model: a broken envelope and a broken estimator', async () => {
    const notAModel = await importRun({ model: { ...species.model, format: 'pickle' } });
    expect(notAModel.status).toBe(422);
    expect(notAModel.body.errors[0].field).toBe('model.format');

    const gbdt = species.model as Extract<TrainedModel, { algorithm: 'gbdt' }>;
    const broken = {
      ...gbdt,
      estimator: { ...gbdt.estimator, trees: gbdt.estimator.trees.map(() => ({ nodes: 'x' })) },
    };
    const reply = await importRun({ model: broken });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].field).toBe('model');

    const other = await trainLikeTheBrowser('Species', features);
    const wrongData = await importRun({
      model: { ...other.model, training: { ...other.model.training, rows: 100 } },
    });
    expect(wrongData.status).toBe(422);
    expect(wrongData.body.detail).toContain('was trained on 100 rows');

    // Nothing partial: only the runs of the first test exist.
    const runs = await t.call('GET', `/api/v1/projects/${projectId}/runs`, { as: owner });
    expect(runs.body.items).toHaveLength(2);
  });

  it('authorizes through the project: a viewer may not import, an outsider sees nothing', async () => {
    expect((await importRun({}, viewer)).status).toBe(403);
    expect((await importRun({}, outsider)).status).toBe(404);
    expect((await importRun({ model: { format: 'pickle' } }, outsider)).status).toBe(404);
  });
});

function pick(curve: { steps: number[]; values: number[] }) {
  return { steps: curve.steps, values: curve.values };
}
