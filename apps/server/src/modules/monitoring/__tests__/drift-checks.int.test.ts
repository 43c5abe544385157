import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { DriftCheckWithReport } from '@aistudio/contracts';
import { schema } from '@aistudio/db';
import { penguinRecords, penguinsProject } from '../../../__tests__/support/penguins.js';
import {
  createTestApp,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

const TARGET = 'Species';
const SHIFTED = 'Beak Length (mm)';
const FEATURES = Object.keys(penguinRecords[0]!).filter((c) => c !== TARGET);
const records = penguinRecords
  .filter((row) => FEATURES.every((c) => row[c] !== null && row[c] !== '.'))
  .map((row) => Object.fromEntries(FEATURES.map((c) => [c, row[c]])));
const shifted = records.map((row) => ({ ...row, [SHIFTED]: (row[SHIFTED] as number) + 15 }));

describe(`drift checks of a deployment [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let modelId: string;

  const deploy = async (name: string) => {
    const created = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name, routes: [{ modelId, version: 1, weight: 100 }] },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const logged = async (deploymentId: string) => {
    const [row] = await t.database.db
      .select({ n: count() })
      .from(schema.predictionLogs)
      .where(eq(schema.predictionLogs.deploymentId, deploymentId));
    return row!.n;
  };
  /** Scores the records and waits until the prediction log (written in batches) holds them. */
  const sendTraffic = async (deploymentId: string, rows: Record<string, unknown>[]) => {
    const before = await logged(deploymentId);
    const answer = await t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
      as: owner,
      body: { records: rows },
    });
    expect(answer.status).toBe(200);
    for (let i = 0; i < 100 && (await logged(deploymentId)) < before + rows.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await logged(deploymentId)).toBe(before + rows.length);
  };
  const runCheck = async (
    deploymentId: string,
    body: unknown = {},
  ): Promise<DriftCheckWithReport> => {
    const started = await t.call('POST', `/api/v1/deployments/${deploymentId}/drift-checks`, {
      as: owner,
      body,
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', trigger: 'manual' });
    await t.jobs.idle();
    const report = await t.call(
      'GET',
      `/api/v1/deployments/${deploymentId}/drift-checks/${started.body.id}`,
      { as: viewer },
    );
    expect(report.status).toBe(200);
    return report.body;
  };
  const feature = (check: DriftCheckWithReport, name: string) =>
    check.report!.features.find((f) => f.name === name)!;

  beforeAll(async () => {
    t = await createTestApp();
    const project = await penguinsProject(t);
    ({ owner, viewer, outsider, projectId } = project);
    const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: {
        datasetVersionId: project.versionId,
        target: TARGET,
        algorithm: 'gbdt',
        params: { nIter: 10 },
      },
    });
    expect(run.status).toBe(202);
    await t.jobs.idle();
    const model = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: owner,
      body: { name: 'Species' },
    });
    modelId = model.body.id;
    const version = await t.call('POST', `/api/v1/models/${modelId}/versions`, {
      as: owner,
      body: { runId: run.body.id },
    });
    expect(version.body.status).toBe('ready');
  }, 180_000);
  afterAll(() => t.close());

  it('flags the shifted feature and only it; unshifted traffic shows no drift', async () => {
    const steady = await deploy('steady');
    const moved = await deploy('moved');
    await sendTraffic(steady, records);
    await sendTraffic(moved, shifted);

    const calm = await runCheck(steady);
    expect(calm).toMatchObject({
      status: 'succeeded',
      datasetDrift: false,
      driftShare: 0,
      currentRows: records.length,
      referenceRows: penguinRecords.length,
      reason: null,
    });
    expect(calm.report!.features.map((f) => f.drifted)).toEqual(FEATURES.map(() => false));

    const drifted = await runCheck(moved);
    expect(drifted.status).toBe('succeeded');
    const beak = feature(drifted, SHIFTED);
    expect(beak).toMatchObject({ kind: 'numeric', method: 'ks', threshold: 0.05, drifted: true });
    expect(beak.pValue).toBeLessThan(1e-6);
    expect(beak.histogram).toMatchObject({ kind: 'numeric', edges: expect.any(Array) });
    expect(beak.histogram.reference).toHaveLength(10);
    for (const name of FEATURES.filter((f) => f !== SHIFTED)) {
      expect(feature(drifted, name).drifted).toBe(false);
    }
    expect(feature(drifted, 'Island')).toMatchObject({
      kind: 'categorical',
      method: 'chi-squared',
    });
    // One feature of six drifted: below the default share of 0.5, so no dataset drift.
    expect(drifted).toMatchObject({ driftShare: 1 / FEATURES.length, datasetDrift: false });
    expect(drifted.report!.prediction).toMatchObject({ name: 'prediction', kind: 'categorical' });

    const strict = await runCheck(moved, { driftShare: 0.15 });
    expect(strict.datasetDrift).toBe(true);
    const distances = await runCheck(moved, { method: 'psi' });
    expect(feature(distances, SHIFTED)).toMatchObject({ method: 'psi', drifted: true });

    const history = await t.call('GET', `/api/v1/deployments/${moved}/drift-checks`, {
      as: viewer,
    });
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(3);
    expect(history.body.items[0].id).toBe(distances.id);
  }, 120_000);

  it('gives no verdict from 3 logged predictions and says why, counting ones just served', async () => {
    const quiet = await deploy('quiet');
    // Not waiting for the prediction log: the check writes what this process still holds first.
    const answer = await t.call('POST', `/api/v1/deployments/${quiet}/predict`, {
      as: owner,
      body: { records: records.slice(0, 3) },
    });
    expect(answer.status).toBe(200);
    const check = await runCheck(quiet);
    expect(check).toMatchObject({
      status: 'succeeded',
      currentRows: 3,
      driftShare: null,
      datasetDrift: null,
      reason: `too little data: 3 current value(s), at least 30 needed`,
    });
    expect(check.report!.features.every((f) => f.drifted === null)).toBe(true);
  }, 60_000);

  it('refuses bad options naming the field, and hides checks from outsiders (404)', async () => {
    const id = await deploy('guarded');
    const url = `/api/v1/deployments/${id}/drift-checks`;
    const badThreshold = await t.call('POST', url, { as: owner, body: { threshold: -1 } });
    expect(badThreshold.status).toBe(400);
    expect(JSON.stringify(badThreshold.body.errors)).toContain('threshold');
    const unknownReference = await t.call('POST', url, {
      as: owner,
      body: { referenceDatasetVersionId: '01890000-0000-7000-8000-000000000000' },
    });
    expect(unknownReference.status).toBe(422);
    expect(unknownReference.body.errors[0].field).toBe('referenceDatasetVersionId');

    const check = await runCheck(id);
    expect((await t.call('POST', url, { as: outsider, body: {} })).status).toBe(404);
    expect((await t.call('GET', url, { as: outsider })).status).toBe(404);
    expect((await t.call('GET', `${url}/${check.id}`, { as: outsider })).status).toBe(404);
    expect((await t.call('POST', url, { as: viewer, body: {} })).status).toBe(403);
    const other = await deploy('other');
    expect(
      (await t.call('GET', `/api/v1/deployments/${other}/drift-checks/${check.id}`, { as: owner }))
        .status,
    ).toBe(404);
  }, 60_000);

  it('runs checks on a per-deployment schedule until it is removed', async () => {
    const id = await deploy('scheduled');
    await sendTraffic(id, records.slice(0, 50));
    const url = `/api/v1/deployments/${id}/drift-schedule`;
    const put = await t.call('PUT', url, {
      as: owner,
      body: { intervalMinutes: 60, window: '1h' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ intervalMinutes: 60, window: '1h', method: 'auto' });
    expect((await t.call('GET', url, { as: viewer })).body.intervalMinutes).toBe(60);
    let items: { trigger: string; status: string }[] = [];
    for (let i = 0; i < 100 && !items.some((c) => c.status === 'succeeded'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await t.jobs.idle();
      items = (await t.call('GET', `/api/v1/deployments/${id}/drift-checks`, { as: owner })).body
        .items;
    }
    expect(items).toEqual([expect.objectContaining({ trigger: 'schedule', status: 'succeeded' })]);
    expect((await t.call('DELETE', url, { as: owner })).status).toBe(204);
    expect((await t.call('GET', url, { as: owner })).status).toBe(404);
  }, 60_000);
});
