import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinsProject } from '../../../__tests__/support/penguins.js';
import {
  createTestApp,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

describe(`browser export bundle [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let outsider: SignedIn;
  let modelId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const project = await penguinsProject(t);
    ({ owner, outsider } = project);
    const run = await t.call('POST', `/api/v1/projects/${project.projectId}/runs`, {
      as: owner,
      body: {
        datasetVersionId: project.versionId,
        target: 'Species',
        algorithm: 'gbdt',
        params: { nIter: 5 },
      },
    });
    await t.jobs.idle();
    const model = await t.call('POST', `/api/v1/projects/${project.projectId}/models`, {
      as: owner,
      body: { name: 'Penguin species' },
    });
    modelId = model.body.id;
    await t.call('POST', `/api/v1/models/${modelId}/versions`, {
      as: owner,
      body: { runId: run.body.id },
    });
  }, 180_000);
  afterAll(() => t.close());

  it('zips model.onnx, predict.js, the wasm runtime, a demo form and a README with the licence', async () => {
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/v1/models/${modelId}/versions/1/download?format=bundle`,
      headers: { cookie: `aistudio_session=${owner.cookie}` },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('application/zip');
    expect(reply.headers['content-disposition']).toContain('penguin-species-v1-browser.zip');
    const files = unzipSync(new Uint8Array(reply.rawPayload));
    expect(
      Object.keys(files)
        .filter((name) => !name.endsWith('/'))
        .sort(),
    ).toEqual([
      'README.md',
      'index.html',
      'model.onnx',
      'ort/ort-wasm-simd-threaded.mjs',
      'ort/ort-wasm-simd-threaded.wasm',
      'ort/ort.wasm.min.mjs',
      'predict.js',
      'schema.json',
    ]);
    const onnx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/models/${modelId}/versions/1/download?format=onnx`,
      headers: { cookie: `aistudio_session=${owner.cookie}` },
    });
    expect(Buffer.from(files['model.onnx']!).equals(onnx.rawPayload)).toBe(true);
    const schema = JSON.parse(strFromU8(files['schema.json']!));
    expect(schema).toMatchObject({
      model: 'Penguin species',
      version: 1,
      task: 'multiclass',
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    });
    const page = strFromU8(files['index.html']!);
    expect(page).toContain('<select name="Island"');
    expect(page).toContain('<option value="Biscoe">');
    expect(page).toContain('<input type="number" step="any" name="Beak Length (mm)"');
    expect(strFromU8(files['predict.js']!)).toContain("from './ort/ort.wasm.min.mjs'");
    expect(strFromU8(files['README.md']!)).toContain('**CC0-1.0**');
  }, 60_000);

  it('answers 404 to a stranger and 400 to an unknown format', async () => {
    const stranger = await t.call(
      'GET',
      `/api/v1/models/${modelId}/versions/1/download?format=bundle`,
      { as: outsider },
    );
    expect(stranger.status).toBe(404);
    const bad = await t.call('GET', `/api/v1/models/${modelId}/versions/1/download?format=zip`, {
      as: owner,
    });
    expect(bad.status).toBe(400);
  });
});
