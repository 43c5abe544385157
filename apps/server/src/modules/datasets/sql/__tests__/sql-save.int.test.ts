import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart } from '../../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../../__tests__/support/test-app.js';

// Made-up rows, written for this test.
const BIRDS = ['bird,island,mass_g', 'Adelie,Torgersen,3750', 'Gentoo,Biscoe,5700'].join('\n');
const ISLANDS = ['island,area_km2', 'Torgersen,1', 'Biscoe,2'].join('\n');

describe(`POST /api/v1/projects/{projectId}/sql/save [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let projectId: string;
  let otherDatasetId: string;
  const ids = {} as Record<'birds' | 'islands', { datasetId: string; versionId: string }>;

  const save = (as: SignedIn, body: Record<string, unknown>) =>
    t.call('POST', `/api/v1/projects/${projectId}/sql/save`, { as, body });
  const sqlResultFiles = async () =>
    readdir(t.dataDir, { recursive: true }).then(
      (files) => files.filter((f) => String(f).includes('sql-results')).length,
      () => 0,
    );

  async function upload(project: string, name: string, content: string, license: string) {
    const reply = await postMultipart(
      t,
      `/api/v1/projects/${project}/datasets`,
      owner,
      { name, license, attestation: '1' },
      { file: { fileName: `${name}.csv`, content } },
    );
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    return { datasetId: reply.body.dataset.id, versionId: reply.body.version.id };
  }

  beforeAll(async () => {
    // A small version limit, so a result can be too large to keep.
    t = await createTestApp({ MAX_UPLOAD_BYTES: String(1024 * 1024) });
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    const orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
    const project = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'Colony' },
    });
    projectId = project.body.id;
    await t.call('POST', `/api/v1/projects/${projectId}/members`, {
      as: owner,
      body: { userId: viewer.userId, role: 'viewer' },
    });
    ids.birds = await upload(projectId, 'birds', BIRDS, 'CC0-1.0');
    ids.islands = await upload(projectId, 'islands', ISLANDS, 'CC-BY-4.0');
    const other = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'Elsewhere' },
    });
    otherDatasetId = (await upload(other.body.id, 'elsewhere', ISLANDS, 'CC0-1.0')).datasetId;
  });
  afterAll(() => t.close());

  it('saves a join as a new dataset with lineage of every input and the strictest licence', async () => {
    const query =
      'SELECT b.bird, b.mass_g, i.area_km2 FROM birds b JOIN islands i USING (island) ORDER BY b.bird';
    const reply = await save(owner, {
      query,
      datasetName: 'birds-with-area',
      description: 'joined',
    });
    expect(reply.status).toBe(202);
    expect(reply.body.lineage).toEqual({
      source: 'sql',
      query,
      inputs: [
        { table: 'birds', ...ids.birds, license: 'CC0-1.0' },
        { table: 'islands', ...ids.islands, license: 'CC-BY-4.0' },
      ],
    });
    await t.jobs.idle();
    const version = await t.call('GET', `/api/v1/dataset-versions/${reply.body.versionId}`, {
      as: viewer,
    });
    expect(version.body).toMatchObject({
      status: 'ready',
      source: 'sql',
      number: 1,
      license: 'CC-BY-4.0',
      rowCount: 2,
      lineage: reply.body.lineage,
    });
    const preview = await t.call(
      'GET',
      `/api/v1/dataset-versions/${reply.body.versionId}/preview`,
      {
        as: viewer,
      },
    );
    expect(preview.body.rows).toEqual([
      ['Adelie', 3750, 1],
      ['Gentoo', 5700, 2],
    ]);
  });

  it('adds a version to an existing dataset by id, without a row cap', async () => {
    const reply = await save(owner, {
      query: 'SELECT range AS n FROM range(12000)',
      datasetId: ids.birds.datasetId,
    });
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ datasetId: ids.birds.datasetId, version: 2 });
    await t.jobs.idle();
    const version = await t.call('GET', `/api/v1/dataset-versions/${reply.body.versionId}`, {
      as: owner,
    });
    expect(version.body).toMatchObject({
      status: 'ready',
      rowCount: 12_000,
      license: 'user-owned',
    });
  });

  it('refuses bad requests naming the field, and keeps nothing', async () => {
    const before = await sqlResultFiles();
    const both = await save(owner, {
      query: 'SELECT 1',
      datasetName: 'x',
      datasetId: ids.birds.datasetId,
    });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body.errors)).toContain('datasetName');
    const writes = await save(owner, { query: "COPY birds TO '/tmp/x.csv'", datasetName: 'x' });
    expect(writes.status).toBe(400);
    expect(writes.body.errors[0].field).toBe('query');
    const foreign = await save(owner, { query: 'SELECT 1', datasetId: otherDatasetId });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('datasetId');
    const failing = await save(owner, { query: "SELECT 'x'::INTEGER", datasetName: 'x' });
    expect(failing.status).toBe(400);
    const huge = await save(owner, {
      query: 'SELECT range AS n, md5(range::VARCHAR) AS h FROM range(200000)',
      datasetName: 'x',
    });
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0]).toMatchObject({ field: 'query' });
    expect(await sqlResultFiles()).toBe(before);
    const list = await t.call('GET', `/api/v1/projects/${projectId}/datasets`, { as: owner });
    expect(list.body.items.map((d: { name: string }) => d.name)).not.toContain('x');
  });

  it('lets a viewer query but not save', async () => {
    const reply = await save(viewer, { query: 'SELECT 1', datasetName: 'viewer-copy' });
    expect(reply.status).toBe(403);
  });
});
