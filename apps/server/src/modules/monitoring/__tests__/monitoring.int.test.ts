import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinRecords, penguinsProject } from '../../../__tests__/support/penguins.js';
import { bucketOf, emptyBuckets } from '../latency-histogram.js';
import { MonitoringRepository } from '../monitoring.repository.js';
import {
  createTestApp,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

const FEATURES = Object.keys(penguinRecords[0]!).filter((c) => c !== 'Species');
const MASS_FEATURES = Object.keys(penguinRecords[0]!).filter((c) => c !== 'Body Mass (g)');
const complete = penguinRecords.filter((row) =>
  Object.keys(row).every((c) => row[c] !== null && row[c] !== '.'),
);
const speciesInput = (row: Record<string, unknown>) =>
  Object.fromEntries(FEATURES.map((c) => [c, row[c]]));
const massInput = (row: Record<string, unknown>) =>
  Object.fromEntries(MASS_FEATURES.map((c) => [c, row[c]]));

interface LogRow {
  deployment_id: string;
  org_id: string;
  project_id: string;
  model_version_id: string;
  prediction_id: string;
  record_index: number;
  features: Record<string, unknown>;
  output: Record<string, unknown>;
  label: unknown;
  latency_ms: number;
  shadow: boolean;
}

describe(`prediction log, feedback, shadow, service metrics and performance [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let orgId: string;
  let projectId: string;
  let speciesModelId: string;
  let massModelId: string;
  let v1Id: string;
  let v2Id: string;

  const trainedRun = async (datasetVersionId: string, target: string, nIter: number) => {
    const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId, target, algorithm: 'gbdt', params: { nIter } },
    });
    expect(run.status).toBe(202);
    await t.jobs.idle();
    return run.body.id as string;
  };
  const registered = async (name: string, runIds: string[]) => {
    const model = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: owner,
      body: { name },
    });
    const versionIds: string[] = [];
    for (const runId of runIds) {
      const version = await t.call('POST', `/api/v1/models/${model.body.id}/versions`, {
        as: owner,
        body: { runId },
      });
      expect(version.body.status).toBe('ready');
      versionIds.push(version.body.id);
    }
    return { modelId: model.body.id as string, versionIds };
  };
  const deploy = async (name: string, body: Record<string, unknown>) => {
    const created = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name, ...body },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const predict = (deploymentId: string, records: unknown[]) =>
    t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
      as: owner,
      body: { records },
    });
  const feedback = (deploymentId: string, body: unknown, as: SignedIn = owner) =>
    t.call('POST', `/api/v1/deployments/${deploymentId}/feedback`, { as, body });
  const fields = (reply: { body: { errors?: { field: string }[] } }) =>
    (reply.body.errors ?? []).map((e) => e.field);
  const logRows = async (deploymentId: string) => {
    const result = await t.database.db.execute(
      sql`select * from prediction_logs where deployment_id = ${deploymentId} order by shadow, prediction_id, record_index`,
    );
    return (result as unknown as { rows: LogRow[] }).rows;
  };
  // The log is written in the background; poll until the expected rows arrived.
  const loggedRows = async (deploymentId: string, count: number) => {
    for (let i = 0; i < 100; i++) {
      const rows = await logRows(deploymentId);
      if (rows.length >= count) return rows;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return logRows(deploymentId);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const project = await penguinsProject(t);
    ({ owner, viewer, outsider, orgId, projectId } = project);
    const species = await registered('Species', [
      await trainedRun(project.versionId, 'Species', 10),
      await trainedRun(project.versionId, 'Species', 3),
    ]);
    speciesModelId = species.modelId;
    [v1Id, v2Id] = species.versionIds as [string, string];
    massModelId = (
      await registered('Body mass', [await trainedRun(project.versionId, 'Body Mass (g)', 10)])
    ).modelId;
  }, 240_000);
  afterAll(() => t.close());

  it('logs every scored record with its inputs, output and version; the shadow never changes the answer and is logged too', async () => {
    const plain = await deploy('plain', {
      routes: [{ modelId: speciesModelId, version: 1, weight: 100 }],
    });
    const shadowed = await deploy('shadowed', {
      routes: [{ modelId: speciesModelId, version: 1, weight: 100 }],
      shadow: { modelId: speciesModelId, version: 2 },
    });
    const one = await t.call('GET', `/api/v1/deployments/${shadowed}`, { as: viewer });
    expect(one.body).toMatchObject({
      shadow: { modelId: speciesModelId, modelVersionId: v2Id, version: 2, ref: '2' },
      logging: { sampleRate: 1 },
    });

    const records = complete.slice(0, 3).map(speciesInput);
    const answer = await predict(shadowed, records);
    const reference = await predict(plain, records);
    expect(answer.status).toBe(200);
    expect(answer.body.predictions).toEqual(reference.body.predictions);
    expect(answer.body.modelVersion.id).toBe(v1Id);

    const rows = await loggedRows(shadowed, 6);
    expect(rows).toHaveLength(6);
    const live = rows.filter((r) => !r.shadow);
    const shadow = rows.filter((r) => r.shadow);
    expect(live.map((r) => r.record_index)).toEqual([0, 1, 2]);
    live.forEach((row, i) => {
      expect(row).toMatchObject({
        deployment_id: shadowed,
        org_id: orgId,
        project_id: projectId,
        model_version_id: v1Id,
        prediction_id: answer.body.predictionId,
        features: records[i],
        output: answer.body.predictions[i],
        label: null,
      });
      expect(row.latency_ms).toBeGreaterThan(0);
    });
    expect(shadow.map((r) => [r.model_version_id, r.prediction_id, r.record_index])).toEqual(
      [0, 1, 2].map((i) => [v2Id, answer.body.predictionId, i]),
    );
    expect(shadow[0]!.output).toHaveProperty('probabilities');
  });

  it('samples the log by the deployment setting (0 logs nothing) but counts every request', async () => {
    const id = await deploy('unlogged', {
      routes: [{ modelId: speciesModelId, version: 1, weight: 100 }],
      logging: { sampleRate: 0 },
    });
    for (const row of complete.slice(0, 20)) await predict(id, [speciesInput(row)]);
    const metrics = await t.call('GET', `/api/v1/deployments/${id}/metrics?window=15m`, {
      as: viewer,
    });
    expect(metrics.body.total.requests).toBe(20);
    expect(await logRows(id)).toHaveLength(0);

    const patched = await t.call('PATCH', `/api/v1/deployments/${id}`, {
      as: owner,
      body: { logging: { sampleRate: 0.5 } },
    });
    expect(patched.body.logging).toEqual({ sampleRate: 0.5 });
    expect(patched.body.previousRoutes).toBeNull();
    for (const row of complete.slice(0, 200)) await predict(id, [speciesInput(row)]);
    // Binomial(200, 0.5): outside 60–140 with probability < 1e-8.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const logged = (await logRows(id)).length;
    expect(logged).toBeGreaterThan(60);
    expect(logged).toBeLessThan(140);

    const bad = await t.call('PATCH', `/api/v1/deployments/${id}`, {
      as: owner,
      body: { logging: { sampleRate: 2 } },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad).join()).toContain('logging.sampleRate');
  });

  it('refuses a shadow that is not a ready version of a model of this project, naming the field', async () => {
    const id = await deploy('shadow-checks', {
      routes: [{ modelId: speciesModelId, version: 1, weight: 100 }],
    });
    const patch = (shadow: unknown) =>
      t.call('PATCH', `/api/v1/deployments/${id}`, { as: owner, body: { shadow } });
    const unknownModel = await patch({ modelId: orgId, version: 1 });
    expect(unknownModel.status).toBe(422);
    expect(fields(unknownModel)).toEqual(['shadow.modelId']);
    const unknownVersion = await patch({ modelId: speciesModelId, version: 9 });
    expect(unknownVersion.status).toBe(422);
    expect(fields(unknownVersion)).toEqual(['shadow.version']);
    const set = await patch({ modelId: speciesModelId, version: 2 });
    expect(set.body.shadow.modelVersionId).toBe(v2Id);
    const removed = await patch(null);
    expect(removed.body.shadow).toBeNull();
    const empty = await t.call('PATCH', `/api/v1/deployments/${id}`, { as: owner, body: {} });
    expect(empty.status).toBe(400);
  });

  it('takes feedback for logged predictions only, checks the label against the model, writes all or nothing', async () => {
    const species = await deploy('feedback-species', {
      routes: [{ modelId: speciesModelId, version: 1, weight: 100 }],
      shadow: { modelId: speciesModelId, version: 2 },
    });
    const mass = await deploy('feedback-mass', {
      routes: [{ modelId: massModelId, version: 1, weight: 100 }],
    });
    const single = await predict(species, [speciesInput(complete[0]!)]);
    const pair = await predict(species, complete.slice(1, 3).map(speciesInput));
    const massAnswer = await predict(mass, [massInput(complete[0]!)]);
    const predictionId = single.body.predictionId as string;

    const unknown = await feedback(species, { predictionId: orgId, label: 'Adelie' });
    expect(unknown.status).toBe(404);
    const otherDeployment = await feedback(mass, { predictionId, label: 4000 });
    expect(otherDeployment.status).toBe(404);
    expect((await feedback(species, { predictionId, label: 'Adelie' }, outsider)).status).toBe(404);

    const unknownClass = await feedback(species, { predictionId, label: 'Emperor' });
    expect(unknownClass.status).toBe(422);
    expect(fields(unknownClass)).toEqual(['label']);
    const textForNumber = await feedback(mass, {
      predictionId: massAnswer.body.predictionId,
      label: 'heavy',
    });
    expect(fields(textForNumber)).toEqual(['label']);
    const whichRecord = await feedback(species, {
      predictionId: pair.body.predictionId,
      label: 'Adelie',
    });
    expect(fields(whichRecord)).toEqual(['recordIndex']);
    const noSuchRecord = await feedback(species, {
      predictionId: pair.body.predictionId,
      recordIndex: 2,
      label: 'Adelie',
    });
    expect(fields(noSuchRecord)).toEqual(['recordIndex']);
    const missingField = await feedback(species, { label: 'Adelie' });
    expect(missingField.status).toBe(400);

    const halfBad = await feedback(species, {
      feedback: [
        { predictionId, label: 'Adelie' },
        { predictionId: pair.body.predictionId, recordIndex: 0, label: 'Emperor' },
      ],
    });
    expect(halfBad.status).toBe(422);
    expect(fields(halfBad)).toEqual(['feedback[1].label']);
    expect((await logRows(species)).filter((r) => r.label !== null)).toHaveLength(0);

    const ok = await feedback(
      species,
      {
        feedback: [
          { predictionId, label: 'Adelie' },
          { predictionId: pair.body.predictionId, recordIndex: 1, label: 'Gentoo' },
        ],
      },
      viewer,
    );
    expect(ok.status).toBe(200);
    // The live and the shadow record of each prediction both carry the label.
    expect(ok.body).toEqual({ labeled: 4 });
    const again = await feedback(species, { predictionId, label: 'Chinstrap' });
    expect(again.body).toEqual({ labeled: 2 });
    const labels = (await logRows(species))
      .filter((r) => r.prediction_id === predictionId)
      .map((r) => r.label);
    expect(labels).toEqual(['Chinstrap', 'Chinstrap']);
    const numeric = await feedback(mass, {
      predictionId: massAnswer.body.predictionId,
      label: 4150,
    });
    expect(numeric.body).toEqual({ labeled: 1 });
  });

  it('counts requests and errors per version and estimates latency percentiles, also on /metrics', async () => {
    const id = await deploy('metered', {
      routes: [{ modelId: speciesModelId, version: 1, weight: 100 }],
    });
    for (const row of complete.slice(0, 30))
      expect((await predict(id, [speciesInput(row)])).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const bad = await predict(id, [
        { ...speciesInput(complete[0]!), 'Beak Length (mm)': 'long' },
      ]);
      expect(bad.status).toBe(422);
    }
    const outsiderCall = await t.call('GET', `/api/v1/deployments/${id}/metrics`, { as: outsider });
    expect(outsiderCall.status).toBe(404);
    const badWindow = await t.call('GET', `/api/v1/deployments/${id}/metrics?window=2h`, {
      as: viewer,
    });
    expect(badWindow.status).toBe(400);

    const reply = await t.call('GET', `/api/v1/deployments/${id}/metrics?window=1h`, {
      as: viewer,
    });
    expect(reply.status).toBe(200);
    const { total, versions, series } = reply.body;
    expect(total).toMatchObject({
      requests: 35,
      errors: 5,
      clientErrors: 5,
      serverErrors: 0,
      errorRate: 5 / 35,
    });
    expect(total.latencyMs.p50).toBeGreaterThan(0);
    expect(total.latencyMs.p50).toBeLessThanOrEqual(total.latencyMs.p95);
    expect(total.latencyMs.p95).toBeLessThanOrEqual(total.latencyMs.p99);
    expect(versions).toEqual([expect.objectContaining({ modelVersionId: v1Id, requests: 35 })]);
    expect(reply.body.bucketSeconds).toBe(60);
    expect(series).toHaveLength(60);
    expect(series.reduce((sum: number, b: { requests: number }) => sum + b.requests, 0)).toBe(35);

    // Another replica adds its own counts into the same minute row: the sums include both.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const buckets = emptyBuckets();
    buckets[bucketOf(400)] = 4;
    await new MonitoringRepository(t.database.db).addMetricMinutes([
      {
        deploymentId: id,
        modelVersionId: v1Id,
        minute,
        outcome: 'ok',
        orgId,
        requests: 4,
        latencySumMs: 1600,
        latencyBuckets: buckets,
      },
    ]);
    const summed = await t.call('GET', `/api/v1/deployments/${id}/metrics?window=15m`, {
      as: viewer,
    });
    expect(summed.body.total).toMatchObject({ requests: 39, errors: 5 });
    expect(summed.body.versions).toHaveLength(1);
    expect(summed.body.total.latencyMs.p99).toBeGreaterThan(300);

    const prometheus = await t.call('GET', '/metrics');
    expect(prometheus.body).toContain(
      `aistudio_deployment_requests_total{deployment_id="${id}",model_id="${speciesModelId}",model_version="1",outcome="ok"} 30`,
    );
    expect(prometheus.body).toContain(
      `aistudio_deployment_requests_total{deployment_id="${id}",model_id="${speciesModelId}",model_version="1",outcome="client_error"} 5`,
    );
  });

  it('reports accuracy and F1, or MAE and RMSE, from feedback labels per version', async () => {
    const species = await deploy('performance-species', {
      routes: [{ modelId: speciesModelId, version: 1, weight: 100 }],
    });
    const mass = await deploy('performance-mass', {
      routes: [{ modelId: massModelId, version: 1, weight: 100 }],
    });
    const truth: [string, string][] = [];
    for (const [i, row] of complete.slice(0, 10).entries()) {
      const answer = await predict(species, [speciesInput(row)]);
      const predicted = answer.body.predictions[0].label as string;
      // Two wrong labels out of ten: accuracy 0.8.
      const label = i < 2 ? (predicted === 'Adelie' ? 'Gentoo' : 'Adelie') : predicted;
      truth.push([predicted, label]);
      expect(
        (await feedback(species, { predictionId: answer.body.predictionId, label })).status,
      ).toBe(200);
    }
    const massErrors = [3, -4];
    for (const [i, row] of complete.slice(0, 2).entries()) {
      const answer = await predict(mass, [massInput(row)]);
      const label = answer.body.predictions[0].value + massErrors[i]!;
      await feedback(mass, { predictionId: answer.body.predictionId, label });
    }

    const perf = await t.call(
      'GET',
      `/api/v1/deployments/${species}/performance?window=24h&bucket=1h`,
      {
        as: viewer,
      },
    );
    expect(perf.status).toBe(200);
    expect(perf.body.versions).toHaveLength(1);
    const [version] = perf.body.versions;
    expect(version).toMatchObject({ modelVersionId: v1Id, shadow: false, labeled: 10 });
    expect(version.metrics.accuracy).toBeCloseTo(0.8, 12);
    expect(version.metrics.f1).toBeCloseTo(macroF1(truth), 12);
    expect(version.series.reduce((n: number, b: { labeled: number }) => n + b.labeled, 0)).toBe(10);

    const massPerf = await t.call('GET', `/api/v1/deployments/${mass}/performance`, { as: viewer });
    expect(massPerf.body.versions[0]).toMatchObject({ task: 'regression', labeled: 2 });
    expect(massPerf.body.versions[0].metrics.mae).toBeCloseTo(3.5, 6);
    expect(massPerf.body.versions[0].metrics.rmse).toBeCloseTo(Math.sqrt((9 + 16) / 2), 6);
  });
});

/** Macro F1 computed directly from (predicted, true) pairs. */
function macroF1(pairs: [string, string][]): number {
  const classes = [...new Set(pairs.flat())];
  const f1s = classes.map((c) => {
    const tp = pairs.filter(([p, a]) => p === c && a === c).length;
    const predicted = pairs.filter(([p]) => p === c).length;
    const actual = pairs.filter(([, a]) => a === c).length;
    return (2 * tp) / (predicted + actual);
  });
  return f1s.reduce((a, b) => a + b, 0) / classes.length;
}
