import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, Table, train } from '@aistudio/engine';
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
import { readFrontMatter } from '../../governance/front-matter.js';

// 60 rows, two classes a GBDT separates on `x`; `group` feeds the fairness report.
const rows = Array.from({ length: 60 }, (_, i) => ({
  x: i,
  z: (i * 7) % 11,
  group: i % 2 === 0 ? 'a' : 'b',
  y: i < 30 ? 'low' : 'high',
}));
const CSV = ['x,z,group,y', ...rows.map((r) => `${r.x},${r.z},${r.group},${r.y}`)].join('\n');

describe(`model registry [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let admin: SignedIn;
  let editor: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let orgId: string;
  let projectId: string;
  let versionId: string;
  let runId: string;

  const upload = async (name: string, license: string) => {
    const reply = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name, license, attestation: '1' },
      { file: { fileName: `${name}.csv`, content: CSV } },
    );
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    return reply.body.version.id as string;
  };
  const trainOn = async (datasetVersionId: string) => {
    const reply = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: {
        datasetVersionId,
        target: 'y',
        algorithm: 'gbdt',
        params: { nIter: 10 },
        fairnessColumn: 'group',
      },
    });
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    return reply.body.id as string;
  };
  const newModel = async (name: string) => {
    const reply = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: editor,
      body: { name, description: `${name} predicts y`, tags: { team: 'risk' } },
    });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };
  const register = (modelId: string, run: string, as = editor) =>
    t.call('POST', `/api/v1/models/${modelId}/versions`, { as, body: { runId: run } });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    admin = await registerUser(t, 'Ada Admin');
    editor = await registerUser(t, 'Ed Editor');
    viewer = await registerUser(t, 'Vera Viewer');
    outsider = await registerUser(t, 'Otto Outsider');
    orgId = await createTeam(t, owner, [
      { user: admin, role: 'admin' },
      { user: editor, role: 'member' },
      { user: viewer, role: 'viewer' },
    ]);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Risk' } })
    ).body.id;
    for (const [user, role] of [
      [editor, 'editor'],
      [viewer, 'viewer'],
    ] as const) {
      await t.call('POST', `/api/v1/projects/${projectId}/members`, {
        as: owner,
        body: { userId: user.userId, role },
      });
    }
    versionId = await upload('loans', 'CC-BY-4.0');
    runId = await trainOn(versionId);
  }, 120_000);
  afterAll(() => t.close());

  it('creates, finds, renames and deletes registered models; names are unique per project', async () => {
    const id = await newModel('Churn');
    const again = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: editor,
      body: { name: 'churn' },
    });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    const missing = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: editor,
      body: { description: 'no name', extra: 1 },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.extra',
      'body.name',
    ]);

    await newModel('Fraud');
    const found = await t.call('GET', `/api/v1/projects/${projectId}/models?search=RISK`, {
      as: viewer,
    });
    expect(found.body.items.map((m: { name: string }) => m.name)).toEqual(
      expect.arrayContaining(['Churn', 'Fraud']),
    );
    const byName = await t.call('GET', `/api/v1/projects/${projectId}/models?search=frau`, {
      as: viewer,
    });
    expect(byName.body.items.map((m: { name: string }) => m.name)).toEqual(['Fraud']);

    const renamed = await t.call('PATCH', `/api/v1/models/${id}`, {
      as: editor,
      body: { name: 'Churn v2', tags: { team: 'growth' } },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Churn v2', tags: { team: 'growth' } });
    expect((await t.call('DELETE', `/api/v1/models/${id}`, { as: editor })).status).toBe(204);
    expect((await t.call('GET', `/api/v1/models/${id}`, { as: editor })).status).toBe(404);
  });

  it('registers a succeeded run as an immutable version that outlives the run', async () => {
    const modelId = await newModel('Loans');
    const created = await register(modelId, runId);
    expect(created.status).toBe(201);
    const run = (await t.call('GET', `/api/v1/runs/${runId}`, { as: owner })).body;
    expect(created.body).toMatchObject({
      version: 1,
      status: 'ready',
      source: 'run',
      runId,
      datasetVersionIds: [versionId],
      task: 'binary',
      algorithm: 'gbdt',
      target: 'y',
      metrics: run.metrics,
      params: { nIter: 10 },
      engineVersion: run.engineVersion,
    });
    expect(created.body.inputSchema.map((f: { name: string }) => f.name).sort()).toEqual([
      'group',
      'x',
      'z',
    ]);
    expect(created.body.artifacts.map((a: { name: string }) => a.name)).toEqual([
      'evaluation.json',
      'model.json',
      'model.onnx',
    ]);
    expect(created.body.license).toMatchObject({
      licenseIds: ['CC-BY-4.0'],
      allowsCommercialUse: true,
      requiresAttribution: true,
      attribution: [expect.stringContaining('loans (version 1)')],
    });

    // Another run of the same model is version 2; deleting the first run keeps version 1 whole.
    const second = await register(modelId, await trainOn(versionId));
    expect(second.body.version).toBe(2);
    const disposable = await trainOn(versionId);
    const third = await register(modelId, disposable);
    expect((await t.call('DELETE', `/api/v1/runs/${disposable}`, { as: owner })).status).toBe(204);
    const kept = await t.call('GET', `/api/v1/models/${modelId}/versions/${third.body.version}`, {
      as: viewer,
    });
    expect(kept.body.runId).toBeNull();
    const file = await t.call(
      'GET',
      `/api/v1/models/${modelId}/versions/${third.body.version}/download?format=json`,
      { as: viewer },
    );
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="loans-v3.json"');
    expect(file.body).toMatchObject({
      format: 'aistudio.model',
      task: 'binary',
    });

    const list = await t.call('GET', `/api/v1/models/${modelId}/versions?limit=2`, { as: viewer });
    expect(list.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    expect(list.body.nextCursor).not.toBeNull();
    const edited = await t.call('PATCH', `/api/v1/models/${modelId}/versions/1`, {
      as: editor,
      body: { description: 'baseline', tags: { stage: 'baseline' } },
    });
    expect(edited.body).toMatchObject({ description: 'baseline', tags: { stage: 'baseline' } });
  });

  it("registers a sweep as its best trial's model", async () => {
    const modelId = await newModel('Swept');
    const sweep = await t.call('POST', `/api/v1/projects/${projectId}/sweeps`, {
      as: owner,
      body: {
        datasetVersionId: versionId,
        target: 'y',
        space: { nIter: { type: 'int', low: 3, high: 5 } },
        trials: 2,
        parallelism: 1,
      },
    });
    expect(sweep.status).toBe(202);
    await t.jobs.idle();
    const done = (await t.call('GET', `/api/v1/runs/${sweep.body.id}`, { as: owner })).body;
    expect(done.status).toBe('succeeded');
    const version = await register(modelId, sweep.body.id);
    expect(version.status).toBe(201);
    expect(version.body).toMatchObject({ runId: done.bestRunId, metrics: done.metrics });
  });

  it('refuses runs that are not succeeded training runs of the project, naming runId', async () => {
    const modelId = await newModel('Refusals');
    const paused = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId: versionId, target: 'y', params: { nIter: 3000 } },
    });
    await t.call('POST', `/api/v1/runs/${paused.body.id}/pause`, { as: owner });
    await t.jobs.idle();
    const notDone = await register(modelId, paused.body.id);
    expect(notDone.status).toBe(422);
    expect(notDone.body.errors[0].field).toBe('runId');
    expect(notDone.body.detail).toMatch(/paused|cancelled|only a succeeded run/);

    const otherOrg = (
      await t.call('POST', '/api/v1/orgs', { as: outsider, body: { name: 'Elsewhere' } })
    ).body.id;
    const otherProject = (
      await t.call('POST', `/api/v1/orgs/${otherOrg}/projects`, {
        as: outsider,
        body: { name: 'Theirs' },
      })
    ).body.id;
    const theirModel = await t.call('POST', `/api/v1/projects/${otherProject}/models`, {
      as: outsider,
      body: { name: 'Theirs' },
    });
    const foreign = await t.call('POST', `/api/v1/models/${theirModel.body.id}/versions`, {
      as: outsider,
      body: { runId },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([
      { field: 'runId', message: "is not a run of this model's project" },
    ]);
  });

  it('moves aliases, keeps their append-only history and resolves them wherever a version is accepted', async () => {
    const modelId = await newModel('Aliased');
    await register(modelId, runId);
    await register(modelId, runId);
    const put = (alias: string, version: number, as = editor) =>
      t.call('PUT', `/api/v1/models/${modelId}/aliases/${alias}`, { as, body: { version } });

    expect((await put('champion', 1)).body).toMatchObject({ alias: 'champion', version: 1 });
    await put('challenger', 2);
    await put('champion', 2, owner);
    const champion = await t.call('GET', `/api/v1/models/${modelId}/versions/champion`, {
      as: viewer,
    });
    expect(champion.body).toMatchObject({ version: 2, aliases: ['challenger', 'champion'] });
    const card = await t.call('GET', `/api/v1/models/${modelId}/versions/challenger/card`, {
      as: viewer,
    });
    expect(card.body.markdown).toContain('version 2');
    const model = await t.call('GET', `/api/v1/models/${modelId}`, { as: viewer });
    expect(model.body).toMatchObject({ latestVersion: 2, aliases: { champion: 2, challenger: 2 } });

    // Pointing an alias where it already points is not a move: the history does not grow.
    expect((await put('champion', 2)).status).toBe(200);
    expect(
      (await t.call('DELETE', `/api/v1/models/${modelId}/aliases/champion`, { as: editor })).status,
    ).toBe(204);
    expect(
      (await t.call('GET', `/api/v1/models/${modelId}/versions/champion`, { as: viewer })).status,
    ).toBe(404);
    const history = await t.call('GET', `/api/v1/models/${modelId}/aliases/champion/history`, {
      as: viewer,
    });
    expect(history.body.items.map((e: any) => [e.fromVersion, e.toVersion, e.actor.name])).toEqual([
      [2, null, 'Ed Editor'],
      [1, 2, 'Olive Owner'],
      [null, 1, 'Ed Editor'],
    ]);
    expect(history.body.items[0].actor).toMatchObject({ type: 'user', id: editor.userId });

    const missing = await put('champion', 99);
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].field).toBe('version');
    const numeric = await put('1st', 1);
    expect(numeric.status).toBe(400);
    expect(numeric.body.errors[0].field).toBe('params.alias');
    expect(
      (await t.call('DELETE', `/api/v1/models/${modelId}/aliases/nobody`, { as: editor })).status,
    ).toBe(404);
  });

  it('generates a Hugging-Face-compatible card, lets editors replace it and serves it as Markdown', async () => {
    const modelId = await newModel('Carded');
    await register(modelId, runId);
    const card = (await t.call('GET', `/api/v1/models/${modelId}/versions/1/card`, { as: viewer }))
      .body;
    expect(card.updatedAt).toBeNull();
    const { data, body } = readFrontMatter(card.markdown);
    expect(data).toMatchObject({
      license: 'cc-by-4.0',
      library_name: 'aistudio',
      pipeline_tag: 'tabular-classification',
      datasets: ['loans (version 1)'],
      tags: expect.arrayContaining(['gbdt', 'binary', 'team:risk']),
    });
    const index = (data!['model-index'] as any[])[0];
    expect(index.name).toBe('Carded');
    expect(index.results[0].dataset).toEqual({ name: 'loans (version 1)', type: versionId });
    expect(index.results[0].metrics.map((m: { type: string }) => m.type)).toContain('accuracy');
    for (const section of [
      '## Intended use',
      '## Training data',
      '## Evaluation',
      '## Fairness findings',
      '## Limitations',
    ]) {
      expect(body).toContain(section);
    }
    expect(body).toMatch(/Metrics per group of `group`/);
    expect(body).toContain('licensed under Creative Commons Attribution 4.0');

    const broken = await t.call('PUT', `/api/v1/models/${modelId}/versions/1/card`, {
      as: editor,
      body: { markdown: '---\nlicense: [mit\n---\n# card' },
    });
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0].field).toBe('markdown');
    const edited = `${card.markdown}\nReviewed by the risk team.\n`;
    const put = await t.call('PUT', `/api/v1/models/${modelId}/versions/1/card`, {
      as: editor,
      body: { markdown: edited },
    });
    expect(put.status).toBe(200);
    expect(put.body.updatedAt).not.toBeNull();
    const file = await t.call('GET', `/api/v1/models/${modelId}/versions/1/card/download`, {
      as: viewer,
    });
    expect(file.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(file.body).toBe(edited);
  });

  it('answers lineage both ways: dataset version → run → model version', async () => {
    const modelId = await newModel('Traced');
    const version = (await register(modelId, runId)).body;
    const up = (await t.call('GET', `/api/v1/models/${modelId}/versions/1/lineage`, { as: viewer }))
      .body;
    expect(up.nodes.map((n: any) => [n.type, n.id])).toEqual([
      ['model_version', version.id],
      ['run', runId],
      ['dataset_version', versionId],
    ]);
    expect(up.edges).toEqual([
      { from: runId, to: version.id, relation: 'registered' },
      { from: versionId, to: runId, relation: 'trained' },
    ]);

    const down = (
      await t.call('GET', `/api/v1/dataset-versions/${versionId}/lineage`, { as: viewer })
    ).body;
    expect(down.nodes[0]).toMatchObject({
      id: versionId,
      type: 'dataset_version',
      label: 'loans v1',
    });
    expect(down.edges).toContainEqual({ from: versionId, to: runId, relation: 'trained' });
    expect(down.edges).toContainEqual({ from: runId, to: version.id, relation: 'registered' });
    expect(
      (await t.call('GET', `/api/v1/dataset-versions/${versionId}/lineage`, { as: outsider }))
        .status,
    ).toBe(404);
  });

  it('makes a model trained on approved CC-BY-NC data non-commercial and refuses its export until an admin overrides', async () => {
    const ncVersion = await upload('survey', 'CC-BY-NC-4.0');
    const held = (await t.call('GET', `/api/v1/dataset-versions/${ncVersion}`, { as: owner })).body;
    expect(held.status).toBe('review');
    const approved = await t.call('POST', `/api/v1/reviews/${held.review.id}/approve`, {
      as: admin,
      body: { reason: 'internal research use agreed with the data owner' },
    });
    expect(approved.status).toBe(200);
    const modelId = await newModel('Survey');
    const version = (await register(modelId, await trainOn(ncVersion))).body;
    expect(version.license).toMatchObject({
      licenseIds: ['CC-BY-NC-4.0'],
      spdx: 'cc-by-nc-4.0',
      tier: 'review',
      allowsCommercialUse: false,
      allowsDerivatives: true,
      attribution: [expect.stringContaining('survey (version 1)')],
    });
    const card = (await t.call('GET', `/api/v1/models/${modelId}/versions/1/card`, { as: viewer }))
      .body.markdown as string;
    expect(card).toContain('**Not for commercial use**');

    const refused = await t.call(
      'GET',
      `/api/v1/models/${modelId}/versions/1/download?format=onnx`,
      {
        as: editor,
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('license_restricted');
    expect(refused.body.detail).toMatch(/non-commercial use only \(CC-BY-NC-4\.0\)/);

    const byEditor = await t.call('POST', `/api/v1/models/${modelId}/versions/1/licence-override`, {
      as: editor,
      body: { reason: 'the data owner granted a commercial licence on 2026-11-30' },
    });
    expect(byEditor.status).toBe(403);
    const short = await t.call('POST', `/api/v1/models/${modelId}/versions/1/licence-override`, {
      as: admin,
      body: { reason: 'ok' },
    });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('body.reason');
    const override = await t.call('POST', `/api/v1/models/${modelId}/versions/1/licence-override`, {
      as: admin,
      body: { reason: 'the data owner granted a commercial licence on 2026-11-30' },
    });
    expect(override.status).toBe(200);
    expect(override.body.licenseOverride).toMatchObject({ by: admin.userId, byName: 'Ada Admin' });
    const allowed = await t.call(
      'GET',
      `/api/v1/models/${modelId}/versions/1/download?format=onnx`,
      {
        as: editor,
      },
    );
    expect(allowed.status).toBe(200);
    expect(allowed.headers['content-type']).toBe('application/octet-stream');

    const audit = await t.call(
      'GET',
      `/api/v1/orgs/${orgId}/audit-events?action=model_version.license_override`,
      { as: owner },
    );
    expect(audit.body.items[0].summary).toContain('commercial licence on 2026-11-30');
  });

  it('registers an uploaded ONNX file with the schema read from its graph, and refuses a corrupt one', async () => {
    const modelId = await newModel('Imported');
    const trained = await train(
      { target: 'y', algorithm: 'gbdt', params: { nIter: 5 } },
      Table.fromRecords(rows),
    );
    const onnx = Buffer.from(exportOnnx(trained));
    const send = (fields: Record<string, string>, content: Buffer, as = editor) =>
      postMultipart(t, `/api/v1/models/${modelId}/versions/onnx`, as, fields, {
        file: { fileName: 'model.onnx', content },
      });

    const created = await send(
      {
        license: 'MIT',
        description: 'trained in a notebook',
        inputSchema: JSON.stringify([{ name: 'z', kind: 'categorical', type: null }]),
      },
      onnx,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      status: 'ready',
      source: 'onnx',
      runId: null,
      task: 'binary',
      target: 'y',
      datasetVersionIds: [],
      license: { licenseIds: ['MIT'], allowsCommercialUse: true },
      artifacts: [{ name: 'model.onnx', sizeBytes: onnx.length }],
    });
    expect(created.body.inputSchema).toEqual([
      { name: 'x', kind: 'numeric', type: 'float' },
      { name: 'z', kind: 'categorical', type: 'float' },
      { name: 'group', kind: 'categorical', type: 'string' },
    ]);
    const roundTrip = await t.call(
      'GET',
      `/api/v1/models/${modelId}/versions/1/download?format=onnx`,
      {
        as: viewer,
      },
    );
    expect(Buffer.from(roundTrip.body as string, 'latin1').length).toBe(onnx.length);

    const corrupt = await send({ license: 'MIT' }, Buffer.from('this is not a protobuf graph'));
    expect(corrupt.status).toBe(422);
    expect(corrupt.body.errors[0].field).toBe('file');
    expect(corrupt.body.detail).toMatch(/not an ONNX model ONNX Runtime can run/);
    const truncated = await send({ license: 'MIT' }, onnx.subarray(0, onnx.length >> 1));
    expect(truncated.status).toBe(422);
    const unknownInput = await send(
      {
        license: 'MIT',
        inputSchema: JSON.stringify([{ name: 'age', kind: 'numeric', type: null }]),
      },
      onnx,
    );
    expect(unknownInput.status).toBe(422);
    expect(unknownInput.body.errors[0].field).toBe('inputSchema[0].name');
    const noLicense = await send({}, onnx);
    expect(noLicense.status).toBe(400);
    expect(noLicense.body.errors[0].field).toBe('license');
    const prohibited = await send({ license: 'proprietary' }, onnx);
    expect(prohibited.status).toBe(422);
    expect(prohibited.body.errors[0].field).toBe('license');
    const versions = await t.call('GET', `/api/v1/models/${modelId}/versions`, { as: viewer });
    expect(versions.body.items).toHaveLength(1);
  });

  it('hides models from other tenants (404) and keeps viewers from writing (403)', async () => {
    const modelId = await newModel('Guarded');
    await register(modelId, runId);
    for (const url of [
      `/api/v1/models/${modelId}`,
      `/api/v1/models/${modelId}/versions/1`,
      `/api/v1/models/${modelId}/versions/1/card`,
      `/api/v1/models/${modelId}/aliases/champion/history`,
    ]) {
      expect((await t.call('GET', url, { as: outsider })).status, url).toBe(404);
    }
    expect(
      (await t.call('PATCH', `/api/v1/models/${modelId}`, { as: outsider, body: { name: 'x' } }))
        .status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/projects/${projectId}/models`, { as: outsider })).status,
    ).toBe(404);

    expect((await t.call('GET', `/api/v1/models/${modelId}`, { as: viewer })).status).toBe(200);
    const writes = [
      t.call('PATCH', `/api/v1/models/${modelId}`, { as: viewer, body: { name: 'Mine' } }),
      t.call('POST', `/api/v1/models/${modelId}/versions`, { as: viewer, body: { runId } }),
      t.call('PUT', `/api/v1/models/${modelId}/aliases/champion`, {
        as: viewer,
        body: { version: 1 },
      }),
      t.call('PUT', `/api/v1/models/${modelId}/versions/1/card`, {
        as: viewer,
        body: { markdown: '# mine' },
      }),
      t.call('DELETE', `/api/v1/models/${modelId}`, { as: viewer }),
    ];
    for (const reply of await Promise.all(writes)) expect(reply.status).toBe(403);
  });
});
