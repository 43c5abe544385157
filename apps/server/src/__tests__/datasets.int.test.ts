import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart } from './support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  type SignedIn,
  type TestApp,
} from './support/test-app.js';

const PENGUINS = [
  'species,island,bill_length_mm,body_mass_g,sex',
  'Adelie,Torgersen,39.1,3750,MALE',
  'Adelie,Torgersen,39.5,3800,FEMALE',
  'Gentoo,Biscoe,46.1,4500,FEMALE',
  'Chinstrap,Dream,46.5,3500,FEMALE',
  'Gentoo,Biscoe,50.0,5700,MALE',
  'Adelie,Dream,,3450,',
].join('\n');

const MAX_UPLOAD_BYTES = 4096;

describe('datasets: upload, ingest, governance at upload', () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;

  const upload = (
    as: SignedIn,
    fields: Record<string, string>,
    content: string | Buffer = PENGUINS,
    url = `/api/v1/projects/${projectId}/datasets`,
  ) => postMultipart(t, url, as, fields, { file: { fileName: 'penguins.csv', content } });

  /** Files under the uploads prefix of the org's storage: what an upload left behind. */
  const storedUploads = (orgId: string) => {
    const dir = path.join(t.dataDir, 'blobs', 'orgs', orgId, 'uploads');
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    outsider = await registerUser(t, 'Otto Outsider');
    const orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
    const project = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'Penguins' },
    });
    projectId = project.body.id;
    await t.call('POST', `/api/v1/projects/${projectId}/members`, {
      as: owner,
      body: { userId: viewer.userId, role: 'viewer' },
    });
  });
  afterAll(() => t.close());

  it('accepts a CSV with a licence and an attestation, then ingests it in the background', async () => {
    const reply = await upload(owner, {
      name: 'penguins',
      description: 'Palmer penguins sample',
      license: 'CC0-1.0',
      attestation: '1',
    });
    expect(reply.status).toBe(202);
    const { dataset, version, job, duplicateOf } = reply.body;
    expect(dataset).toMatchObject({ name: 'penguins', projectId, versionCount: 1 });
    expect(version).toMatchObject({
      number: 1,
      status: 'processing',
      license: 'CC0-1.0',
      licenseTier: 'allowed',
      fileName: 'penguins.csv',
      sizeBytes: Buffer.byteLength(PENGUINS),
    });
    expect(version.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(version.attestation).toMatchObject({ textVersion: 1, userId: owner.userId });
    expect(version.attestation.text).toContain('I confirm');
    expect(job).toMatchObject({ kind: 'dataset.ingest', targetId: version.id });
    expect(duplicateOf).toBeNull();

    await t.jobs.idle();
    const ready = await t.call('GET', `/api/v1/dataset-versions/${version.id}`, { as: viewer });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      format: 'csv',
      rowCount: 6,
      columnCount: 5,
    });
    expect(ready.body.schema.map((c: { name: string }) => c.name)).toEqual([
      'species',
      'island',
      'bill_length_mm',
      'body_mass_g',
      'sex',
    ]);
    const finished = await t.call('GET', `/api/v1/jobs/${job.id}`, { as: owner });
    expect(finished.body).toMatchObject({ status: 'succeeded', attempts: 1 });
    const listed = await t.call('GET', `/api/v1/projects/${projectId}/datasets`, { as: viewer });
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(dataset.id);
  });

  it('stores the same bytes once and says where they already are', async () => {
    const first = await upload(
      owner,
      { name: 'dup-a', license: 'CC0-1.0', attestation: '1' },
      'a,b\n1,2\n',
    );
    const second = await upload(
      owner,
      { name: 'dup-b', license: 'MIT', attestation: '1' },
      'a,b\n1,2\n',
    );
    expect(second.status).toBe(202);
    expect(second.body.duplicateOf).toEqual({
      datasetId: first.body.dataset.id,
      versionId: first.body.version.id,
    });
    expect(second.body.version.sha256).toBe(first.body.version.sha256);
    await t.jobs.idle();
  });

  it('adds numbered versions to a dataset', async () => {
    const created = await upload(owner, { name: 'growing', license: 'CC0-1.0', attestation: '1' });
    const next = await upload(
      owner,
      { license: 'CC-BY-4.0', attestation: '1' },
      `${PENGUINS}\nGentoo,Biscoe,48.0,5200,MALE`,
      `/api/v1/datasets/${created.body.dataset.id}/versions`,
    );
    expect(next.status).toBe(202);
    expect(next.body.version).toMatchObject({ number: 2, license: 'CC-BY-4.0' });
    expect(next.body.dataset.versionCount).toBe(2);
    await t.jobs.idle();
    const versions = await t.call('GET', `/api/v1/datasets/${created.body.dataset.id}/versions`, {
      as: owner,
    });
    expect(versions.body.items.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    expect(versions.body.items[0].rowCount).toBe(7);
  });

  it('holds review-tier data for an admin', async () => {
    const reply = await upload(owner, {
      name: 'non-commercial',
      license: 'CC-BY-NC-4.0',
      attestation: '1',
    });
    expect(reply.status).toBe(202);
    expect(reply.body.version.licenseTier).toBe('review');
    await t.jobs.idle();
    const version = await t.call('GET', `/api/v1/dataset-versions/${reply.body.version.id}`, {
      as: owner,
    });
    expect(version.body.status).toBe('review');
    expect(version.body.review).toMatchObject({ status: 'pending' });
    expect(version.body.review.reason).toContain('CC-BY-NC-4.0');
  });

  it('fails a version whose file cannot be read, saying what and where', async () => {
    const ragged = 'a,b,c\n1,2,3\n4,5\n6,7,8\n';
    const reply = await upload(
      owner,
      { name: 'ragged', license: 'CC0-1.0', attestation: '1' },
      ragged,
    );
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    const version = await t.call('GET', `/api/v1/dataset-versions/${reply.body.version.id}`, {
      as: owner,
    });
    expect(version.body.status).toBe('failed');
    expect(version.body.error).toMatch(/line 3/);
    const job = await t.call('GET', `/api/v1/jobs/${reply.body.job.id}`, { as: owner });
    expect(job.body).toMatchObject({ status: 'failed' });
    expect(job.body.error).toBe(version.body.error);
  });

  it('refuses prohibited licences, unknown licences and a missing attestation, keeping nothing', async () => {
    const before = await t.call('GET', `/api/v1/projects/${projectId}/datasets?limit=200`, {
      as: owner,
    });
    const orgId = before.body.items[0].orgId as string;
    const uploadsBefore = storedUploads(orgId).length;

    const prohibited = await upload(owner, {
      name: 'secret',
      license: 'proprietary',
      attestation: '1',
    });
    expect(prohibited.status).toBe(422);
    expect(prohibited.headers['content-type']).toContain('application/problem+json');
    expect(prohibited.body.errors).toEqual([{ field: 'license', message: expect.any(String) }]);

    const unknown = await upload(owner, { name: 'x', license: 'WTFPL-9', attestation: '1' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/^license: unknown licence "WTFPL-9"/);

    const unattested = await upload(owner, { name: 'y', license: 'CC0-1.0' });
    expect(unattested.status).toBe(400);
    expect(unattested.body.errors[0].field).toBe('attestation');

    const stale = await upload(owner, { name: 'z', license: 'CC0-1.0', attestation: '0' });
    expect(stale.status).toBe(409);

    const after = await t.call('GET', `/api/v1/projects/${projectId}/datasets?limit=200`, {
      as: owner,
    });
    expect(after.body.items.length).toBe(before.body.items.length);
    expect(storedUploads(orgId).length).toBe(uploadsBefore);
  });

  it('stops an upload over the size limit with 413 and keeps nothing', async () => {
    const before = await t.call('GET', `/api/v1/projects/${projectId}/datasets?limit=200`, {
      as: owner,
    });
    const orgId = before.body.items[0].orgId as string;
    const uploadsBefore = storedUploads(orgId).length;
    const big = `a,b\n${'1,2\n'.repeat(MAX_UPLOAD_BYTES)}`;
    const reply = await upload(owner, { name: 'big', license: 'CC0-1.0', attestation: '1' }, big);
    expect(reply.status).toBe(413);
    // Browsers keep sending the rest of a refused upload unless the connection closes.
    expect(reply.headers.connection).toBe('close');
    expect(storedUploads(orgId).length).toBe(uploadsBefore);
    const empty = await upload(owner, { name: 'empty', license: 'CC0-1.0', attestation: '1' }, '');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('file');
    const cut = await t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/datasets`,
      headers: {
        'content-type': 'multipart/form-data; boundary=XYZ',
        cookie: `aistudio_session=${owner.cookie}`,
        'x-csrf-token': owner.csrf,
      },
      payload:
        '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\n1,',
    });
    expect(cut.statusCode).toBe(400);
    expect(storedUploads(orgId).length).toBe(uploadsBefore);
  });

  it('refuses a duplicate name, a body that is not multipart, and a file named with a path', async () => {
    const first = await upload(owner, {
      name: 'unique-name',
      license: 'CC0-1.0',
      attestation: '1',
    });
    const uploadsBefore = storedUploads(first.body.dataset.orgId).length;
    // Different bytes under a taken name: the staged file must not outlive the rollback.
    const again = await upload(
      owner,
      { name: 'Unique-Name', license: 'CC0-1.0', attestation: '1' },
      'other,bytes\n1,2\n',
    );
    expect(again.status).toBe(409);
    expect(again.body.errors[0].field).toBe('name');
    expect(storedUploads(first.body.dataset.orgId).length).toBe(uploadsBefore);
    const json = await t.call('POST', `/api/v1/projects/${projectId}/datasets`, {
      as: owner,
      body: { name: 'x' },
    });
    expect(json.status).toBe(400);
    const sneaky = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'sneaky', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: '../../etc/pass\u0007wd.csv', content: 'a\n1\n' } },
    );
    expect(sneaky.status).toBe(202);
    expect(sneaky.body.version.fileName).toBe('passwd.csv');
    await t.jobs.idle();
  });

  it('lets viewers read but not upload, and hides the project from outsiders', async () => {
    const denied = await upload(viewer, { name: 'nope', license: 'CC0-1.0', attestation: '1' });
    expect(denied.status).toBe(403);
    const hidden = await upload(outsider, { name: 'nope', license: 'CC0-1.0', attestation: '1' });
    expect(hidden.status).toBe(404);
    const list = await t.call('GET', `/api/v1/projects/${projectId}/datasets`, { as: outsider });
    expect(list.status).toBe(404);
    const one = (await t.call('GET', `/api/v1/projects/${projectId}/datasets`, { as: owner })).body
      .items[0];
    expect((await t.call('GET', `/api/v1/datasets/${one.id}`, { as: outsider })).status).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/dataset-versions/${one.latestVersion.id}`, { as: outsider }))
        .status,
    ).toBe(404);
  });

  it('soft-deletes a dataset: gone from lists and lookups at once', async () => {
    const created = await upload(owner, {
      name: 'to-delete',
      license: 'CC0-1.0',
      attestation: '1',
    });
    await t.jobs.idle();
    const id = created.body.dataset.id as string;
    expect((await t.call('DELETE', `/api/v1/datasets/${id}`, { as: viewer })).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/datasets/${id}`, { as: owner })).status).toBe(204);
    expect((await t.call('GET', `/api/v1/datasets/${id}`, { as: owner })).status).toBe(404);
    const list = await t.call('GET', `/api/v1/projects/${projectId}/datasets?limit=200`, {
      as: owner,
    });
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(id);
  });

  it('lists the licences and the attestation statement', async () => {
    const licences = await t.call('GET', '/api/v1/licenses', { as: viewer });
    expect(licences.body.items).toContainEqual(
      expect.objectContaining({ id: 'CC0-1.0', tier: 'allowed' }),
    );
    const statement = await t.call('GET', '/api/v1/attestation', { as: viewer });
    expect(statement.body).toMatchObject({ version: 1 });
  });
});

describe('datasets: personal data, the review queue, preview and profile', () => {
  let t: TestApp;
  let owner: SignedIn;
  let member: SignedIn;
  let orgId: string;
  let projectId: string;

  const upload = (as: SignedIn, name: string, content: string, license = 'CC0-1.0') =>
    postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      as,
      { name, license, attestation: '1' },
      { file: { fileName: `${name}.csv`, content } },
    );
  const versionOf = async (reply: { body: { version: { id: string } } }) =>
    (await t.call('GET', `/api/v1/dataset-versions/${reply.body.version.id}`, { as: owner })).body;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    member = await registerUser(t, 'Mia Member');
    orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'P' } })
    ).body.id;
    await t.call('POST', `/api/v1/projects/${projectId}/members`, {
      as: owner,
      body: { userId: member.userId, role: 'editor' },
    });
  });
  afterAll(() => t.close());

  it('rejects card numbers outright and masks e-mail addresses into the next version, with masked examples', async () => {
    const cards = await upload(
      member,
      'cards',
      ['id,card', '1,4111 1111 1111 1111', '2,5500 0000 0000 0004', '3,3400 000000 00009'].join(
        '\n',
      ),
    );
    await t.jobs.idle();
    const rejected = await versionOf(cards);
    expect(rejected.status).toBe('rejected');
    expect(rejected.error).toMatch(/card/);
    expect(JSON.stringify(rejected.governance)).not.toContain('4111 1111 1111 1111');

    const emails = await upload(
      member,
      'contacts',
      ['name,email', 'Ann,ann@example.com', 'Bob,bob@example.org', 'Cy,cy@example.net'].join('\n'),
    );
    await t.jobs.idle();
    // The default policy hashes e-mail addresses: the unmasked upload is refused, version 2 is masked.
    const held = await versionOf(emails);
    expect(held.status).toBe('rejected');
    expect(held.error).toContain('masked into version 2');
    const rows = await t.call('GET', `/api/v1/dataset-versions/${held.id}/preview`, { as: member });
    expect(rows.status).toBe(409);
    const versions = await t.call('GET', `/api/v1/datasets/${emails.body.dataset.id}/versions`, {
      as: member,
    });
    const masked = versions.body.items.find((v: { number: number }) => v.number === 2);
    expect(masked).toMatchObject({ status: 'ready', source: 'mask', parentVersionId: held.id });
    const column = held.governance.pii.columns.find(
      (c: { column: string }) => c.column === 'email',
    );
    expect(column.kinds.email.rows).toBe(3);
    for (const example of column.kinds.email.examples)
      expect(example).not.toMatch(/^ann@example\.com$/);
  });

  it('lets an admin approve or reject a held version; the uploader sees the outcome', async () => {
    const nc = await upload(member, 'nc-a', 'a,b\n1,2\n3,4\n', 'CC-BY-NC-4.0');
    const nc2 = await upload(member, 'nc-b', 'a,b\n5,6\n7,8\n', 'CC-BY-NC-4.0');
    await t.jobs.idle();
    expect((await t.call('GET', `/api/v1/orgs/${orgId}/reviews`, { as: member })).status).toBe(403);
    const queue = await t.call('GET', `/api/v1/orgs/${orgId}/reviews`, { as: owner });
    const byVersion = new Map(
      queue.body.items.map((r: { datasetVersionId: string; id: string }) => [
        r.datasetVersionId,
        r.id,
      ]),
    );
    const approve = byVersion.get(nc.body.version.id) as string;
    const reject = byVersion.get(nc2.body.version.id) as string;
    expect(approve && reject).toBeTruthy();

    const approved = await t.call('POST', `/api/v1/reviews/${approve}/approve`, {
      as: owner,
      body: { reason: 'research use agreed' },
    });
    expect(approved.body).toMatchObject({
      status: 'approved',
      decisionReason: 'research use agreed',
    });
    const rejected = await t.call('POST', `/api/v1/reviews/${reject}/reject`, {
      as: owner,
      body: { reason: 'this project is commercial' },
    });
    expect(rejected.status).toBe(200);
    const again = await t.call('POST', `/api/v1/reviews/${reject}/approve`, {
      as: owner,
      body: { reason: 'changed my mind' },
    });
    expect(again.status).toBe(409);
    const noReason = await t.call('POST', `/api/v1/reviews/${approve}/approve`, {
      as: owner,
      body: {},
    });
    expect(noReason.status).toBe(400);

    const seen = await t.call('GET', `/api/v1/dataset-versions/${nc.body.version.id}`, {
      as: member,
    });
    expect(seen.body).toMatchObject({ status: 'ready', review: { status: 'approved' } });
    const seen2 = await t.call('GET', `/api/v1/dataset-versions/${nc2.body.version.id}`, {
      as: member,
    });
    expect(seen2.body).toMatchObject({
      status: 'rejected',
      review: { status: 'rejected', decisionReason: 'this project is commercial' },
    });
  });

  it('previews rows in file order and serves the profile with its quality score', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `${i},${i % 3 === 0 ? 'x' : 'y'},${i / 4}`);
    const created = await upload(member, 'numbers', ['n,letter,quarter', ...rows].join('\n'));
    await t.jobs.idle();
    const id = created.body.version.id;
    const page = await t.call('GET', `/api/v1/dataset-versions/${id}/preview?limit=5&offset=100`, {
      as: member,
    });
    expect(page.status).toBe(200);
    expect(page.body.columns.map((c: { name: string }) => c.name)).toEqual([
      'n',
      'letter',
      'quarter',
    ]);
    expect(page.body.rows).toEqual([
      [100, 'y', 25],
      [101, 'y', 25.25],
      [102, 'x', 25.5],
      [103, 'y', 25.75],
      [104, 'y', 26],
    ]);
    expect(page.body.totalRows).toBe(250);
    const profile = await t.call('GET', `/api/v1/dataset-versions/${id}/profile`, { as: member });
    expect(profile.status).toBe(200);
    expect(profile.body.rows).toBe(250);
    expect(profile.body.quality.score).toBeGreaterThan(0);
    expect(profile.body.columns.map((c: { name: string }) => c.name)).toEqual([
      'n',
      'letter',
      'quarter',
    ]);

    const processing = await upload(member, 'later', 'a\n1\n');
    const early = await t.call(
      'GET',
      `/api/v1/dataset-versions/${processing.body.version.id}/preview`,
      {
        as: member,
      },
    );
    expect([200, 409]).toContain(early.status); // 409 while ingest still runs
    await t.jobs.idle();
  });
});

describe('datasets: download', () => {
  let t: TestApp;
  let owner: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    outsider = await registerUser(t, 'Otto Outsider');
  });
  afterAll(() => t.close());

  it('serves CSV with spreadsheet formulas neutralised, and the canonical Parquet', async () => {
    const orgId = await createTeam(t, owner);
    const projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'P' } })
    ).body.id;
    const csv = [
      'name,formula,=n',
      'safe,plain text,1',
      'evil,"=HYPERLINK(""http://x"")",2',
      'neg,-3+4,3',
    ];
    const created = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'My data: 2026!', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'x.csv', content: csv.join('\n') } },
    );
    await t.jobs.idle();
    const id = created.body.version.id;
    const asCsv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dataset-versions/${id}/download?format=csv`,
      headers: { cookie: `aistudio_session=${owner.cookie}` },
    });
    expect(asCsv.statusCode, asCsv.body).toBe(200);
    expect(asCsv.headers['content-disposition']).toBe('attachment; filename="My-data-2026-v1.csv"');
    const lines = asCsv.body.trim().split('\n');
    expect(lines[0]).toBe("name,formula,'=n"); // a header is a cell too
    expect(lines[2]).toBe(`evil,"'=HYPERLINK(""http://x"")",2`);
    expect(lines[3]).toBe("neg,'-3+4,3");
    const asParquet = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dataset-versions/${id}/download?format=parquet`,
      headers: { cookie: `aistudio_session=${owner.cookie}` },
    });
    expect(asParquet.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dataset-versions/${id}/download`,
      headers: { cookie: `aistudio_session=${outsider.cookie}` },
    });
    expect(hidden.statusCode).toBe(404);
  });
});

describe('datasets: the instance deny list', () => {
  let t: TestApp;
  let owner: SignedIn;
  let user: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    user = await registerUser(t, 'Uma Uploader');
  });
  afterAll(() => t.close());

  it('refuses an upload whose SHA-256 the instance administrator denied, keeping nothing', async () => {
    const content = 'title,body\nsecret,leaked text\n';
    const sha256 = createHash('sha256').update(content).digest('hex');
    const notAdmin = await t.call('POST', '/api/v1/instance/denied-hashes', {
      as: user,
      body: { sha256, reason: 'leak' },
    });
    expect(notAdmin.status).toBe(403);
    const bad = await t.call('POST', '/api/v1/instance/denied-hashes', {
      as: owner,
      body: { sha256: 'xyz', reason: 'leak' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('sha256');
    const added = await t.call('POST', '/api/v1/instance/denied-hashes', {
      as: owner,
      body: { sha256: `SHA256:${sha256.toUpperCase()}`, reason: 'leaked customer data' },
    });
    expect(added.status).toBe(201);
    expect(added.body.sha256).toBe(sha256);
    const twice = await t.call('POST', '/api/v1/instance/denied-hashes', {
      as: owner,
      body: { sha256, reason: 'again' },
    });
    expect(twice.status).toBe(409);

    const orgId = await createTeam(t, user);
    const projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: user, body: { name: 'P' } })
    ).body.id;
    const refused = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      user,
      { name: 'leak', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'leak.csv', content } },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'file', message: 'matches a denied file: leaked customer data' },
    ]);
    const datasets = await t.call('GET', `/api/v1/projects/${projectId}/datasets`, { as: user });
    expect(datasets.body.items).toEqual([]);

    await t.call('DELETE', `/api/v1/instance/denied-hashes/${added.body.id}`, { as: owner });
    const allowed = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      user,
      { name: 'leak', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'leak.csv', content } },
    );
    expect(allowed.status).toBe(202);
    await t.jobs.idle();
  });
});
