import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startS3rver,
  type RunningS3Server,
} from '../../../../infra/storage/__tests__/support/s3-test-servers.js';
import { postMultipart } from '../../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  type SignedIn,
  type TestApp,
} from '../../../../__tests__/support/test-app.js';

// Made-up rows, written for this test.
const BIRDS = [
  'bird,island,mass_g',
  'Adelie,Torgersen,3750',
  'Gentoo,Biscoe,5700',
  'Chinstrap,Dream,3500',
  'Adelie,Dream,3450',
].join('\n');
const ISLANDS_V1 = ['island,area_km2', 'Torgersen,1', 'Biscoe,2', 'Dream,4'].join('\n');
const ISLANDS_V2 = ['island,area_km2', 'Torgersen,1.5', 'Biscoe,2.5', 'Dream,4.5'].join('\n');

describe('POST /api/v1/projects/{projectId}/sql', () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let otherProjectId: string;
  const ids: Record<string, { datasetId: string; versionId: string }> = {};

  const sql = (as: SignedIn, body: Record<string, unknown>, project = projectId) =>
    t.call('POST', `/api/v1/projects/${project}/sql`, { as, body });

  async function upload(name: string, content: string, project = projectId, datasetId?: string) {
    const url = datasetId
      ? `/api/v1/datasets/${datasetId}/versions`
      : `/api/v1/projects/${project}/datasets`;
    const fields: Record<string, string> = { license: 'CC0-1.0', attestation: '1' };
    if (!datasetId) fields.name = name;
    const reply = await postMultipart(t, url, owner, fields, {
      file: { fileName: `${name}.csv`, content },
    });
    expect(reply.status).toBe(202);
    return {
      datasetId: reply.body.dataset.id as string,
      versionId: reply.body.version.id as string,
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    outsider = await registerUser(t, 'Otto Outsider');
    const orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
    const create = (name: string) =>
      t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name } });
    projectId = (await create('Field study')).body.id;
    otherProjectId = (await create('Another study')).body.id;
    await t.call('POST', `/api/v1/projects/${projectId}/members`, {
      as: owner,
      body: { userId: viewer.userId, role: 'viewer' },
    });

    ids.birds = await upload('birds', BIRDS);
    ids.islands1 = await upload('Islands', ISLANDS_V1);
    await t.jobs.idle();
    ids.islands2 = await upload('Islands', ISLANDS_V2, projectId, ids.islands1.datasetId);
    ids.ragged = await upload('ragged', 'a,b\n1,2\n3\n');
    ids.secret = await upload('secret', 'code\nclassified\n', otherProjectId);
    ids.gone = await upload('gone', 'x\n1\n');
    await t.jobs.idle();
    expect(
      (await t.call('DELETE', `/api/v1/datasets/${ids.gone.datasetId}`, { as: owner })).status,
    ).toBe(204);
  });
  afterAll(() => t.close());

  it("joins two datasets by name, reading each one's latest ready version", async () => {
    const reply = await sql(owner, {
      query:
        'SELECT b.bird, b.island, i.area_km2 FROM birds b JOIN islands i USING (island) ORDER BY b.mass_g DESC',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.columns).toEqual([
      { name: 'bird', type: 'VARCHAR' },
      { name: 'island', type: 'VARCHAR' },
      { name: 'area_km2', type: 'DOUBLE' },
    ]);
    expect(reply.body.rows).toEqual([
      ['Gentoo', 'Biscoe', 2.5],
      ['Adelie', 'Torgersen', 1.5],
      ['Chinstrap', 'Dream', 4.5],
      ['Adelie', 'Dream', 4.5],
    ]);
    expect(reply.body).toMatchObject({ offset: 0, nextOffset: null });
    expect(reply.body.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(reply.body.sources).toEqual([
      { table: 'birds', ...ids.birds },
      { table: 'islands', ...ids.islands2 },
    ]);
  });

  it('reads an older version as "name@N"', async () => {
    const reply = await sql(owner, {
      query: 'SELECT island, area_km2 FROM "Islands@1" ORDER BY island',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.rows).toEqual([
      ['Biscoe', 2],
      ['Dream', 4],
      ['Torgersen', 1],
    ]);
    expect(reply.body.sources).toEqual([{ table: 'Islands@1', ...ids.islands1 }]);
  });

  it('pages with limit and offset', async () => {
    const query = 'SELECT bird FROM birds ORDER BY mass_g';
    const first = await sql(owner, { query, limit: 3 });
    expect(first.body.rows).toEqual([['Adelie'], ['Chinstrap'], ['Adelie']]);
    expect(first.body.nextOffset).toBe(3);
    const second = await sql(owner, { query, limit: 3, offset: 3 });
    expect(second.body).toMatchObject({ rows: [['Gentoo']], offset: 3, nextOffset: null });
  });

  it('lets a project viewer query', async () => {
    const reply = await sql(viewer, { query: 'SELECT count(*) AS n FROM birds' });
    expect(reply.status).toBe(200);
    expect(reply.body.rows).toEqual([[4]]);
  });

  it('answers 404 to a user outside the organization', async () => {
    const reply = await sql(outsider, { query: 'SELECT count(*) FROM birds' });
    expect(reply.status).toBe(404);
    expect(reply.body.detail).toBe(`Project ${projectId} not found.`);
  });

  it.each([
    ["COPY birds TO '/tmp/aistudio-sql-int.csv'", 'only a read-only SELECT'],
    ["ATTACH '/tmp/aistudio-sql-int.duckdb'", 'only a read-only SELECT'],
    ['INSTALL httpfs', 'only a read-only SELECT'],
    ['SELECT 1; SELECT 2', 'holds 2 statements'],
    ["SELECT * FROM read_csv('/etc/passwd')", 'table function read_csv() is not available'],
    ["SELECT * FROM '/etc/passwd'", 'no table "/etc/passwd" in this project'],
    ['SELECT * FROM information_schema.tables', 'out of reach'],
  ])('refuses %s with a 400 naming query', async (query, reason) => {
    const reply = await sql(owner, { query });
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toContain('application/problem+json');
    expect(reply.body.errors).toEqual([
      { field: 'query', message: expect.stringContaining(reason) },
    ]);
    expect(reply.body.detail).toMatch(/^query: /);
  });

  it("cannot read another project's datasets, and says which tables exist", async () => {
    const reply = await sql(owner, { query: 'SELECT * FROM secret' });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toBe(
      'query: no table "secret" in this project; its tables are its datasets ("birds", "Islands"), and "name@N" reads version N',
    );
    const there = await sql(owner, { query: 'SELECT * FROM secret' }, otherProjectId);
    expect(there.body.rows).toEqual([['classified']]);
  });

  it('cannot read a deleted dataset', async () => {
    const reply = await sql(owner, { query: 'SELECT * FROM gone' });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toContain('no table "gone"');
  });

  it('refuses a dataset without a ready version, and a version that does not exist', async () => {
    const failed = await sql(owner, { query: 'SELECT * FROM ragged' });
    expect(failed.status).toBe(400);
    expect(failed.body.detail).toBe(
      'query: dataset "ragged" has no ready version yet (its latest is failed); query it once ingest and review are done',
    );
    const missing = await sql(owner, { query: 'SELECT * FROM "birds@7"' });
    expect(missing.body.detail).toBe(
      'query: dataset "birds" has no version 7; its versions are 1 to 1',
    );
  });

  it('reports a mistake in the query as a 400 naming query', async () => {
    const reply = await sql(owner, { query: 'SELECT wingspan FROM birds' });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].field).toBe('query');
    expect(reply.body.detail).toMatch(/^query: Binder Error: .*wingspan/);
    expect(reply.body.detail).not.toContain(t.dataDir);
  });

  it('validates the body: limit at most 10,000', async () => {
    const reply = await sql(owner, { query: 'SELECT 1', limit: 10_001 });
    expect(reply.status).toBe(400);
  });
});

describe('SQL over datasets kept in S3 (s3rver)', () => {
  let server: RunningS3Server;
  let t: TestApp;
  let owner: SignedIn;
  let projectId: string;

  beforeAll(async () => {
    server = await startS3rver();
    const s3 = server.settings;
    t = await createTestApp({
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region!,
      S3_ENDPOINT: s3.endpoint!,
      S3_ACCESS_KEY_ID: s3.accessKeyId!,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey!,
      S3_FORCE_PATH_STYLE: 'true',
    });
    owner = await setupOwner(t);
    const project = await t.call('POST', `/api/v1/orgs/${owner.personalOrgId}/projects`, {
      as: owner,
      body: { name: 'Remote study' },
    });
    projectId = project.body.id;
    for (const [name, content] of [
      ['birds', BIRDS],
      ['islands', ISLANDS_V2],
    ]) {
      const reply = await postMultipart(
        t,
        `/api/v1/projects/${projectId}/datasets`,
        owner,
        { name: name!, license: 'CC0-1.0', attestation: '1' },
        { file: { fileName: `${name}.csv`, content: content! } },
      );
      expect(reply.status).toBe(202);
    }
    await t.jobs.idle();
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  /** The local copies S3 storage made for DuckDB that are still on disk. */
  const localCopies = async () => {
    try {
      return await readdir(path.join(t.dataDir, 'tmp', 'blobs'));
    } catch {
      return [];
    }
  };

  it('joins datasets downloaded for the query, and removes the copies after, even on failure', async () => {
    const reply = await t.call('POST', `/api/v1/projects/${projectId}/sql`, {
      as: owner,
      body: {
        query:
          'SELECT b.bird, i.area_km2 FROM birds b JOIN islands i USING (island) ORDER BY b.mass_g LIMIT 2',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.rows).toEqual([
      ['Adelie', 4.5],
      ['Chinstrap', 4.5],
    ]);
    expect(reply.body.sources.map((s: { table: string }) => s.table)).toEqual(['birds', 'islands']);
    expect(await localCopies()).toEqual([]);

    const failed = await t.call('POST', `/api/v1/projects/${projectId}/sql`, {
      as: owner,
      body: { query: 'SELECT b.wingspan FROM birds b JOIN islands USING (island)' },
    });
    expect(failed.status).toBe(400);
    expect(await localCopies()).toEqual([]);
  });
});
