import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, predict, Table, train, type TrainedModel } from '@aistudio/engine';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  testDb,
  type Caller,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

// Palmer penguins (CC0), as shipped by the vega-datasets package.
const penguins = JSON.parse(
  readFileSync(
    new URL('../../../../../../node_modules/vega-datasets/data/penguins.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string | number | null>[];
const columns = Object.keys(penguins[0]!);
const csv = [
  columns.join(','),
  ...penguins.map((row) => columns.map((c) => row[c] ?? '').join(',')),
].join('\n');
const FEATURES = columns.filter((c) => c !== 'Species');
const complete = penguins.filter((row) => FEATURES.every((c) => row[c] !== null && row[c] !== '.'));
const inputsOf = (row: Record<string, unknown>) =>
  Object.fromEntries(FEATURES.map((c) => [c, row[c]]));
const records = complete.slice(0, 5).map(inputsOf);

describe(`deployments and online prediction [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let orgId: string;
  let projectId: string;
  let modelId: string;
  let massModelId: string;
  let deploymentId: string;
  let speciesRunId: string;

  const predictAs = (as: Caller, body: unknown, id = deploymentId) =>
    t.call('POST', `/api/v1/deployments/${id}/predict`, { as, body });
  const invoke = (body: unknown, contentType = 'application/json', as: Caller = owner) =>
    t.call('POST', `/api/v1/deployments/${deploymentId}/invocations`, {
      as,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': contentType },
    });
  const fields = (reply: { body: { errors?: { field: string }[] } }) =>
    (reply.body.errors ?? []).map((e) => e.field);
  const trainedRun = async (datasetVersionId: string, target: string) => {
    const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId, target, algorithm: 'gbdt', params: { nIter: 10 } },
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
    for (const runId of runIds) {
      const version = await t.call('POST', `/api/v1/models/${model.body.id}/versions`, {
        as: owner,
        body: { runId },
      });
      expect(version.body.status).toBe('ready');
    }
    return model.body.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    outsider = await registerUser(t, 'Otto Outsider');
    orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
    await createTeam(t, outsider);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Field' } })
    ).body.id;
    await t.call('POST', `/api/v1/projects/${projectId}/members`, {
      as: owner,
      body: { userId: viewer.userId, role: 'viewer' },
    });
    const upload = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'penguins', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'penguins.csv', content: csv } },
    );
    expect(upload.status).toBe(202);
    await t.jobs.idle();
    const datasetVersionId = upload.body.version.id as string;
    const species = await trainedRun(datasetVersionId, 'Species');
    speciesRunId = species;
    const speciesAgain = await trainedRun(datasetVersionId, 'Species');
    modelId = await registered('Species', [species, speciesAgain]);
    massModelId = await registered('Body mass', [
      await trainedRun(datasetVersionId, 'Body Mass (g)'),
    ]);
    await t.call('PUT', `/api/v1/models/${modelId}/aliases/champion`, {
      as: owner,
      body: { version: 1 },
    });
  }, 180_000);
  afterAll(() => t.close());

  it('deploys a version by alias; lists, gets and refuses bad routes naming the field', async () => {
    const created = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name: 'species', routes: [{ modelId, version: 'champion', weight: 100 }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'species',
      routes: [{ modelId, version: 1, ref: 'champion', weight: 100 }],
      previousRoutes: null,
    });
    deploymentId = created.body.id;

    const list = await t.call('GET', `/api/v1/projects/${projectId}/deployments`, { as: viewer });
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([deploymentId]);
    const one = await t.call('GET', `/api/v1/deployments/${deploymentId}`, { as: viewer });
    expect(one.body).toEqual(created.body);

    const create = (body: unknown, as: Caller = owner) =>
      t.call('POST', `/api/v1/projects/${projectId}/deployments`, { as, body });
    const taken = await create({ name: 'Species', routes: [{ modelId, version: 1, weight: 100 }] });
    expect(taken.status).toBe(409);
    const weights = await create({ name: 'w', routes: [{ modelId, version: 1, weight: 90 }] });
    expect(weights.status).toBe(400);
    expect(fields(weights)).toEqual(['body.routes']);
    const unknownModel = await create({
      name: 'u',
      routes: [
        { modelId, version: 1, weight: 50 },
        { modelId: projectId, version: 1, weight: 50 },
      ],
    });
    expect(unknownModel.status).toBe(422);
    expect(fields(unknownModel)).toEqual(['routes[1].modelId']);
    const unknownVersion = await create({
      name: 'v',
      routes: [{ modelId, version: 9, weight: 100 }],
    });
    expect(unknownVersion.status).toBe(422);
    expect(fields(unknownVersion)).toEqual(['routes[0].version']);
    const byViewer = await create(
      { name: 'x', routes: [{ modelId, version: 1, weight: 100 }] },
      viewer,
    );
    expect(byViewer.status).toBe(403);
  });

  it('predicts one row and a batch with class probabilities, as the engine does', async () => {
    const single = await predictAs(owner, { records: records.slice(0, 1) });
    expect(single.status).toBe(200);
    expect(single.body.modelVersion).toMatchObject({ modelId, version: 1 });
    expect(single.body.predictionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(single.body.predictions).toHaveLength(1);

    const batch = await predictAs(viewer, { records });
    expect(batch.status).toBe(200);
    const download = await t.call('GET', `/api/v1/models/${modelId}/versions/1/download`, {
      as: owner,
    });
    const model = download.body as TrainedModel;
    const expected = predict(model, Table.fromRecords(records));
    batch.body.predictions.forEach(
      (p: { label: string; probabilities: Record<string, number> }, i: number) => {
        expect(p.label).toBe(expected.labels![i]);
        expect(Object.keys(p.probabilities).sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
        model.target.classes!.forEach((c, j) => {
          expect(p.probabilities[String(c)]).toBeCloseTo(expected.probabilities![i * 3 + j]!, 12);
        });
      },
    );
    expect(batch.body.predictions.map((p: { label: string }) => p.label)).toEqual(
      complete.slice(0, 5).map((row) => row.Species),
    );
  });

  it('answers a regressor with values', async () => {
    const mass = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name: 'mass', routes: [{ modelId: massModelId, version: 1, weight: 100 }] },
    });
    const rows = complete.slice(0, 3).map((row) => {
      const { 'Body Mass (g)': _mass, ...rest } = row;
      return rest;
    });
    const reply = await predictAs(owner, { records: rows }, mass.body.id);
    expect(reply.status).toBe(200);
    for (const p of reply.body.predictions) {
      expect(p).toEqual({ value: expect.any(Number) });
      expect(p.value).toBeGreaterThan(2500);
      expect(p.value).toBeLessThan(6500);
    }
  });

  it('refuses bad records with a problem naming records[i].field', async () => {
    const good = records[0]!;
    const { Island: _island, ...missing } = good;
    const bad = await predictAs(owner, {
      records: [
        good,
        { ...good, 'Beak Length (mm)': 'long' },
        missing,
        { ...good, Wings: 2 },
        { ...good, Island: 'Atlantis' },
        42,
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(fields(bad)).toEqual([
      'records[1].Beak Length (mm)',
      'records[2].Island',
      'records[3].Wings',
      'records[4].Island',
      'records[5]',
    ]);
    expect(bad.body.detail).toContain('records[1].Beak Length (mm)');

    const empty = await predictAs(owner, { records: [] });
    expect(empty.status).toBe(400);
    expect(fields(empty)).toEqual(['body.records']);
    const oversized = await predictAs(owner, { records: Array.from({ length: 1001 }, () => good) });
    expect(oversized.status).toBe(400);
    expect(fields(oversized)).toEqual(['body.records']);
    const extraKey = await predictAs(owner, { records: [good], inputs: [] });
    expect(extraKey.status).toBe(400);
    // Python's json module writes NaN and Infinity bare: read, then refused by field.
    const nan = await t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
      as: owner,
      body: JSON.stringify({ records: [good, { ...good, 'Beak Length (mm)': 0 }] }).replace(
        /("Beak Length \(mm\)":)0([,}])/,
        '$1NaN$2',
      ),
      headers: { 'content-type': 'application/json' },
    });
    expect(nan.status).toBe(422);
    expect(nan.body.errors).toEqual([
      { field: 'records[1].Beak Length (mm)', message: 'must be a finite number, got NaN' },
    ]);
    const malformed = await t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
      as: owner,
      body: '{"records": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(fields(malformed)).toEqual(['body']);
    const infinity = await invoke(
      `${FEATURES.map((f) => JSON.stringify(f)).join(',')}\n${FEATURES.map((f) => (f === 'Body Mass (g)' ? 'Infinity' : good[f])).join(',')}`,
      'text/csv',
    );
    expect(infinity.status).toBe(422);
    expect(fields(infinity)).toEqual(['csv.rows[0].Body Mass (g)']);
  });

  it("speaks MLflow's scoring protocol in every JSON form and CSV", async () => {
    const labels = complete.slice(0, 5).map((row) => row.Species);
    const split = {
      columns: FEATURES,
      data: records.map((r) => FEATURES.map((c) => r[c])),
      index: [0, 1, 2, 3, 4],
    };
    const byColumn = Object.fromEntries(FEATURES.map((c) => [c, records.map((r) => r[c])]));
    const quoted = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));
    const csvBody = [
      FEATURES.map(quoted).join(','),
      ...records.map((r) => FEATURES.map((c) => r[c]).join(',')),
    ].join('\r\n');
    for (const [body, type] of [
      [{ dataframe_split: split }, 'application/json'],
      [{ dataframe_records: records }, 'application/json; charset=utf-8'],
      [{ instances: records }, 'application/json'],
      [{ inputs: records, params: {} }, 'application/json'],
      [{ inputs: byColumn }, 'application/json'],
      [csvBody, 'text/csv'],
    ] as const) {
      const reply = await invoke(body, type);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body).toEqual({ predictions: labels });
    }

    const two = await invoke({ instances: records, inputs: records });
    expect(two.status).toBe(400);
    expect(fields(two)).toEqual(['body']);
    const ragged = await invoke({ dataframe_split: { columns: FEATURES, data: [[1, 2]] } });
    expect(fields(ragged)).toEqual(['dataframe_split.data[0]']);
    const wrongValue = await invoke({ dataframe_records: [{ ...records[0], Sex: 3.5 }] });
    expect(wrongValue.status).toBe(422);
    expect(fields(wrongValue)).toEqual(['dataframe_records[0].Sex']);
    const none = await invoke({ instances: [] });
    expect(fields(none)).toEqual(['instances']);
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      const wrongType = await invoke('x', type);
      expect(wrongType.status, type).toBe(415);
      expect(wrongType.body.code).toBe('unsupported_media_type');
    }
  });

  it('splits traffic by weight, reports the answering version, and rolls back in one step', async () => {
    const changed = await t.call('PATCH', `/api/v1/deployments/${deploymentId}`, {
      as: owner,
      body: {
        routes: [
          { modelId, version: 1, weight: 70 },
          { modelId, version: 2, weight: 30 },
        ],
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.previousRoutes).toMatchObject([
      { version: 1, ref: 'champion', weight: 100 },
    ]);

    const counts = new Map<number, number>();
    const ids = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const reply = await predictAs(owner, { records: records.slice(0, 1) });
      const version = reply.body.modelVersion.version as number;
      counts.set(version, (counts.get(version) ?? 0) + 1);
      ids.add(reply.body.predictionId);
    }
    expect(ids.size).toBe(400);
    // Binomial(400, 0.3): mean 120, sd ≈ 9.2; ±40 is over 4 sd, so this fails by chance ~1 in 30,000.
    expect(counts.get(2)).toBeGreaterThan(80);
    expect(counts.get(2)).toBeLessThan(160);
    expect(counts.get(1)! + counts.get(2)!).toBe(400);

    const rolledBack = await t.call('POST', `/api/v1/deployments/${deploymentId}/rollback`, {
      as: owner,
    });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body.routes).toMatchObject([{ version: 1, ref: 'champion', weight: 100 }]);
    expect(rolledBack.body.previousRoutes).toHaveLength(2);
    for (let i = 0; i < 20; i++) {
      const reply = await predictAs(owner, { records: records.slice(0, 1) });
      expect(reply.body.modelVersion.version).toBe(1);
    }
    const audit = await t.call('GET', `/api/v1/orgs/${orgId}/audit-events?limit=50`, { as: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['deployment.create', 'deployment.update', 'deployment.rollback']),
    );
  });

  it('lets a predict-only API key predict and nothing else; a read key cannot predict', async () => {
    const key = async (scopes: string[]) =>
      (
        await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
          as: owner,
          body: { name: `key ${scopes.join('+')}`, scopes },
        })
      ).body.secret as string;
    const predictKey = { apiKey: await key(['predict']) };
    const readKey = { apiKey: await key(['read']) };

    expect((await predictAs(predictKey, { records })).status).toBe(200);
    expect((await invoke({ instances: records }, 'application/json', predictKey)).status).toBe(200);
    expect((await t.call('GET', `/api/v1/orgs/${orgId}/projects`, { as: predictKey })).status).toBe(
      403,
    );
    expect(
      (await t.call('GET', `/api/v1/deployments/${deploymentId}`, { as: predictKey })).status,
    ).toBe(403);
    expect(
      (
        await t.call('PATCH', `/api/v1/deployments/${deploymentId}`, {
          as: predictKey,
          body: { routes: [{ modelId, version: 2, weight: 100 }] },
        })
      ).status,
    ).toBe(403);
    expect((await predictAs(readKey, { records })).status).toBe(403);
    expect(
      (await t.call('GET', `/api/v1/deployments/${deploymentId}`, { as: readKey })).status,
    ).toBe(200);
  });

  it('refuses a revoked key on its next prediction, though the deployment and its authorization are cached', async () => {
    const created = await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
      as: owner,
      body: { name: 'revoked while serving', scopes: ['predict'] },
    });
    const caller = { apiKey: created.body.secret as string };
    for (let i = 0; i < 3; i++) expect((await predictAs(caller, { records })).status).toBe(200);
    const revoked = await t.call('DELETE', `/api/v1/api-keys/${created.body.id}`, { as: owner });
    expect(revoked.status).toBe(204);
    const refused = await predictAs(caller, { records });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toContain('revoked');
  });

  it('refuses a licence-restricted version, serves an ONNX one, and stops serving a deleted model', async () => {
    const deploy = (name: string, id: string, version: number | string = 1) =>
      t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
        as: owner,
        body: { name, routes: [{ modelId: id, version, weight: 100 }] },
      });

    const nc = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'penguins-nc', license: 'CC-BY-NC-4.0', attestation: '1' },
      { file: { fileName: 'penguins.csv', content: csv } },
    );
    await t.jobs.idle();
    const held = await t.call('GET', `/api/v1/dataset-versions/${nc.body.version.id}`, {
      as: owner,
    });
    await t.call('POST', `/api/v1/reviews/${held.body.review.id}/approve`, {
      as: owner,
      body: { reason: 'internal research use agreed with the data owner' },
    });
    const ncModel = await registered('Species NC', [
      await trainedRun(nc.body.version.id, 'Species'),
    ]);
    const refused = await deploy('nc', ncModel);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('license_restricted');
    expect(refused.body.detail).toMatch(/cannot be deployed: .*non-commercial/);
    await t.call('POST', `/api/v1/models/${ncModel}/versions/1/licence-override`, {
      as: owner,
      body: { reason: 'the data owner granted a commercial licence on 2026-11-30' },
    });
    expect((await deploy('nc', ncModel)).status).toBe(201);

    const trained = await train(
      { target: 'y', params: { nIter: 3 } },
      Table.fromRecords(Array.from({ length: 20 }, (_, i) => ({ x: i, y: i < 10 ? 'a' : 'b' }))),
    );
    const onnxModel = (
      await t.call('POST', `/api/v1/projects/${projectId}/models`, {
        as: owner,
        body: { name: 'From a notebook' },
      })
    ).body.id as string;
    const uploaded = await postMultipart(
      t,
      `/api/v1/models/${onnxModel}/versions/onnx`,
      owner,
      { license: 'MIT' },
      { file: { fileName: 'model.onnx', content: Buffer.from(exportOnnx(trained)) } },
    );
    expect(uploaded.status).toBe(201);
    const onnx = await deploy('onnx', onnxModel);
    expect(onnx.status).toBe(201);
    const xs = [{ x: 2 }, { x: 17 }];
    const fromOnnx = await predictAs(owner, { records: xs }, onnx.body.id);
    expect(fromOnnx.status).toBe(200);
    expect(fromOnnx.body.predictions.map((p: { label: string }) => p.label)).toEqual(
      predict(trained, Table.fromRecords(xs)).labels,
    );

    const doomed = await registered('Doomed', [speciesRunId]);
    const served = await deploy('doomed', doomed);
    expect((await predictAs(owner, { records }, served.body.id)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v1/models/${doomed}`, { as: owner })).status).toBe(204);
    const gone = await predictAs(owner, { records }, served.body.id);
    expect(gone.status).toBe(409);
    expect(gone.body.detail).toContain('no longer exists');
  });

  it("answers 404 for another tenant's deployment, and deletes", async () => {
    expect(
      (await t.call('GET', `/api/v1/deployments/${deploymentId}`, { as: outsider })).status,
    ).toBe(404);
    expect((await predictAs(outsider, { records })).status).toBe(404);
    expect((await invoke({ instances: records }, 'application/json', outsider)).status).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/projects/${projectId}/deployments`, { as: outsider })).status,
    ).toBe(404);
    const byViewer = await t.call('DELETE', `/api/v1/deployments/${deploymentId}`, { as: viewer });
    expect(byViewer.status).toBe(403);
    expect(
      (await t.call('DELETE', `/api/v1/deployments/${deploymentId}`, { as: owner })).status,
    ).toBe(204);
    expect((await predictAs(owner, { records })).status).toBe(404);
  });
});
