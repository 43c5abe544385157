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
const records = penguinRecords
  .filter((row) => FEATURES.every((c) => row[c] !== null && row[c] !== '.'))
  .filter((_, i) => i % 7 === 0)
  .map((row) => Object.fromEntries(FEATURES.map((c) => [c, row[c]])));

interface Scored {
  label: string;
  probabilities: Record<string, number>;
}

describe(`ONNX Runtime serving [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let engineDeployment: string;
  let onnxDeployment: string;

  const predict = (deploymentId: string, rows: unknown[]) =>
    t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
      as: owner,
      body: { records: rows },
    });

  beforeAll(async () => {
    t = await createTestApp();
    const project = await penguinsProject(t);
    owner = project.owner;
    const run = await t.call('POST', `/api/v1/projects/${project.projectId}/runs`, {
      as: owner,
      body: {
        datasetVersionId: project.versionId,
        target: 'Species',
        algorithm: 'gbdt',
        params: { nIter: 40 },
      },
    });
    await t.jobs.idle();
    const model = await t.call('POST', `/api/v1/projects/${project.projectId}/models`, {
      as: owner,
      body: { name: 'Species' },
    });
    const modelId = model.body.id as string;
    await t.call('POST', `/api/v1/models/${modelId}/versions`, {
      as: owner,
      body: { runId: run.body.id },
    });
    // The run's own ONNX export, registered as if it had been trained elsewhere.
    const onnx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/runs/${run.body.id}/artifacts/model.onnx`,
      headers: { cookie: `aistudio_session=${owner.cookie}` },
    });
    expect(onnx.statusCode).toBe(200);
    const uploaded = await postMultipart(
      t,
      `/api/v1/models/${modelId}/versions/onnx`,
      owner,
      { license: 'CC0-1.0' },
      { file: { fileName: 'model.onnx', content: onnx.rawPayload } },
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.source).toBe('onnx');
    const deploy = async (name: string, version: number) => {
      const created = await t.call('POST', `/api/v1/projects/${project.projectId}/deployments`, {
        as: owner,
        body: { name, routes: [{ modelId, version, weight: 100 }] },
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    engineDeployment = await deploy('engine', 1);
    onnxDeployment = await deploy('onnx', 2);
  }, 180_000);
  afterAll(() => t.close());

  it('answers as the engine does: same labels, probabilities within 1e-5', async () => {
    const [engine, onnx] = await Promise.all([
      predict(engineDeployment, records),
      predict(onnxDeployment, records),
    ]);
    expect([engine.status, onnx.status]).toEqual([200, 200]);
    expect(onnx.body.modelVersion.version).toBe(2);
    const fromEngine = engine.body.predictions as Scored[];
    const fromOnnx = onnx.body.predictions as Scored[];
    expect(fromOnnx.map((p) => p.label)).toEqual(fromEngine.map((p) => p.label));
    let worst = 0;
    fromEngine.forEach((p, i) => {
      for (const [species, probability] of Object.entries(p.probabilities)) {
        worst = Math.max(worst, Math.abs(fromOnnx[i]!.probabilities[species]! - probability));
      }
    });
    expect(worst).toBeLessThan(1e-5);
  });

  it('scores concurrent single rows (micro-batched) exactly as one batch', async () => {
    for (const deployment of [engineDeployment, onnxDeployment]) {
      const batch = (await predict(deployment, records)).body.predictions as Scored[];
      const singles = await Promise.all(records.map((row) => predict(deployment, [row])));
      expect(singles.map((s) => s.status).every((s) => s === 200)).toBe(true);
      expect(singles.map((s) => (s.body.predictions as Scored[])[0])).toEqual(batch);
    }
  });

  it("keeps a bad request's 422 its own when it arrives with good ones", async () => {
    const [good, bad, alsoGood] = await Promise.all([
      predict(onnxDeployment, [records[0]]),
      predict(onnxDeployment, [{ ...records[1], 'Beak Length (mm)': 'long' }]),
      predict(onnxDeployment, [records[2]]),
    ]);
    expect([good.status, bad.status, alsoGood.status]).toEqual([200, 422, 200]);
    expect(bad.body.errors[0].field).toBe('records[0].Beak Length (mm)');
  });

  it("speaks MLflow's protocol for an ONNX version", async () => {
    const reply = await t.call('POST', `/api/v1/deployments/${onnxDeployment}/invocations`, {
      as: owner,
      body: JSON.stringify({ dataframe_records: records.slice(0, 3) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(200);
    const labels = (
      (await predict(engineDeployment, records.slice(0, 3))).body.predictions as Scored[]
    ).map((p) => p.label);
    expect(reply.body.predictions).toEqual(labels);
  });
});
