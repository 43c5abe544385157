import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

// 40 rows, two classes a GBDT separates on `x`.
const CSV = [
  'x,z,y',
  ...Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${i < 20 ? 'low' : 'high'}`),
].join('\n');

interface Edge {
  from: string;
  to: string;
  relation: string;
}
interface Node {
  id: string;
  type: string;
  label: string;
  details: Record<string, unknown>;
}
interface Lineage {
  nodes: Node[];
  edges: Edge[];
}

describe(`model lineage: deployments and batch scoring [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let datasetVersionId: string;
  let modelId: string;
  let v1: string;
  let v2: string;

  const trainAndRegister = async () => {
    const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId, target: 'y', algorithm: 'gbdt', params: { nIter: 5 } },
    });
    expect(run.status).toBe(202);
    await t.jobs.idle();
    const version = await t.call('POST', `/api/v1/models/${modelId}/versions`, {
      as: owner,
      body: { runId: run.body.id },
    });
    expect(version.body.status).toBe('ready');
    return version.body.id as string;
  };
  const lineageOf = async (path: string, as = viewer): Promise<Lineage> => {
    const reply = await t.call('GET', path, { as });
    expect(reply.status).toBe(200);
    return reply.body as Lineage;
  };
  const ofVersion = (version: number) =>
    lineageOf(`/api/v1/models/${modelId}/versions/${version}/lineage`);
  const ofData = (id: string, as = viewer) =>
    lineageOf(`/api/v1/dataset-versions/${id}/lineage`, as);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    outsider = await registerUser(t, 'Otto Outsider');
    const orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Risk' } })
    ).body.id;
    await t.call('POST', `/api/v1/projects/${projectId}/members`, {
      as: owner,
      body: { userId: viewer.userId, role: 'viewer' },
    });
    const upload = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'loans', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'loans.csv', content: CSV } },
    );
    expect(upload.status).toBe(202);
    await t.jobs.idle();
    datasetVersionId = upload.body.version.id;
    modelId = (
      await t.call('POST', `/api/v1/projects/${projectId}/models`, {
        as: owner,
        body: { name: 'Risk' },
      })
    ).body.id;
    v1 = await trainAndRegister();
    v2 = await trainAndRegister();
  }, 180_000);
  afterAll(() => t.close());

  it('leads from a version to the deployments serving it, and to the one shadowing with it', async () => {
    const live = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: {
        name: 'risk-live',
        routes: [{ modelId, version: 1, weight: 100 }],
        shadow: { modelId, version: 2 },
      },
    });
    expect(live.status).toBe(201);
    const deploymentId = live.body.id as string;

    const first = await ofVersion(1);
    expect(first.nodes.find((n) => n.id === deploymentId)).toMatchObject({
      type: 'deployment',
      label: 'risk-live',
      details: {
        routes: [{ modelId, modelVersionId: v1, version: 1, weight: 100 }],
        shadow: { modelId, modelVersionId: v2, version: 2 },
      },
    });
    expect(first.edges).toContainEqual({ from: v1, to: deploymentId, relation: 'serves' });
    expect(first.nodes.some((n) => n.id === v2)).toBe(false);

    const second = await ofVersion(2);
    expect(second.edges).toContainEqual({ from: v2, to: deploymentId, relation: 'shadows' });

    const downstream = await ofData(datasetVersionId);
    expect(downstream.edges).toEqual(
      expect.arrayContaining([
        { from: v1, to: deploymentId, relation: 'serves' },
        { from: v2, to: deploymentId, relation: 'shadows' },
      ]),
    );
    expect(downstream.nodes.filter((n) => n.type === 'deployment')).toHaveLength(1);
  });

  it('leads from a version and from its input to the dataset version batch scoring wrote, and back', async () => {
    const started = await t.call('POST', `/api/v1/models/${modelId}/batch-scorings`, {
      as: owner,
      body: { version: 1, datasetVersionId, outputName: 'loans scored' },
    });
    expect(started.status).toBe(202);
    await t.jobs.idle();
    const done = await t.call('GET', `/api/v1/batch-scorings/${started.body.id}`, { as: owner });
    expect(done.body.job.status).toBe('succeeded');
    const outputId = done.body.outputVersionId as string;
    const scored = [
      { from: datasetVersionId, to: outputId, relation: 'scored' },
      { from: v1, to: outputId, relation: 'scored' },
    ];

    const ofModel = await ofVersion(1);
    expect(ofModel.nodes.find((n) => n.id === outputId)).toMatchObject({
      type: 'dataset_version',
      label: 'loans scored v1',
      details: { source: 'batch_scoring' },
    });
    expect(ofModel.edges).toEqual(expect.arrayContaining(scored));
    expect((await ofVersion(2)).nodes.some((n) => n.id === outputId)).toBe(false);

    expect((await ofData(datasetVersionId)).edges).toEqual(expect.arrayContaining(scored));

    const ofOutput = await ofData(outputId);
    expect(ofOutput.nodes.map((n) => n.id).sort()).toEqual([datasetVersionId, outputId, v1].sort());
    expect(ofOutput.edges).toHaveLength(2);
    expect(ofOutput.edges).toEqual(expect.arrayContaining(scored));

    expect(
      (await t.call('GET', `/api/v1/dataset-versions/${outputId}/lineage`, { as: outsider }))
        .status,
    ).toBe(404);
  });
});
