import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart, type FilePart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  setupOwner,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

const CSV = 'species,bill_length_mm\nAdelie,39.1\nGentoo,46.1\nChinstrap,46.5\n';

const dataPackage = (licenses: unknown) =>
  JSON.stringify({ name: 'birds', licenses, resources: [{ path: 'birds.csv' }] });

describe('datasets: the licence read from metadata files that come with an upload', () => {
  let t: TestApp;
  let owner: SignedIn;
  let projectId: string;

  // A different CSV per upload, so no upload is a duplicate of another.
  let uploads = 0;
  const upload = (fields: Record<string, string>, metadata: FilePart[]) =>
    postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { attestation: '1', ...fields },
      {
        file: { fileName: 'birds.csv', content: `${CSV}Adelie,${++uploads}\n` },
        metadata,
      },
    );
  const datasetCount = async () =>
    (await t.call('GET', `/api/v1/projects/${projectId}/datasets?limit=200`, { as: owner })).body
      .items.length as number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    const orgId = await createTeam(t, owner);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Birds' } })
    ).body.id as string;
  });
  afterAll(() => t.close());

  it('takes the licence from a datapackage.json when none is declared, with its evidence', async () => {
    const reply = await upload({ name: 'from-package' }, [
      {
        fileName: 'datapackage.json',
        content: dataPackage([{ name: 'CC-BY-4.0', title: 'Creative Commons Attribution 4.0' }]),
      },
    ]);
    expect(reply.status).toBe(202);
    expect(reply.body.version).toMatchObject({ license: 'CC-BY-4.0', licenseTier: 'allowed' });
    await t.jobs.idle();
    const version = await t.call('GET', `/api/v1/dataset-versions/${reply.body.version.id}`, {
      as: owner,
    });
    expect(version.body.status).toBe('ready');
    expect(version.body.governance.license).toMatchObject({
      licenseId: 'CC-BY-4.0',
      conflict: null,
      obligations: expect.objectContaining({ attribution: true }),
      candidates: [expect.objectContaining({ source: 'datapackage.json', licenseId: 'CC-BY-4.0' })],
    });
    // Ingest's PII report joins the licence decision instead of replacing it.
    expect(version.body.governance.pii).toBeDefined();
  });

  it('sends the version to review when a LICENSE text is stricter than the declaration', async () => {
    const reply = await upload({ name: 'conflict', license: 'MIT' }, [
      {
        fileName: 'LICENSE.txt',
        content: 'Creative Commons Attribution-NonCommercial 4.0 International Public License\n',
      },
    ]);
    expect(reply.status).toBe(202);
    expect(reply.body.version).toMatchObject({ license: 'CC-BY-NC-4.0', licenseTier: 'review' });
    await t.jobs.idle();
    const version = await t.call('GET', `/api/v1/dataset-versions/${reply.body.version.id}`, {
      as: owner,
    });
    expect(version.body.status).toBe('review');
    expect(version.body.governance.license.conflict).toMatch(/declared: MIT.*LICENSE\.txt/);
  });

  it('reads the licence of a dataset card front matter', async () => {
    const reply = await upload({ name: 'from-card' }, [
      { fileName: 'README.md', content: '---\nlicense: cc0-1.0\n---\n# Birds\n' },
    ]);
    expect(reply.status).toBe(202);
    expect(reply.body.version).toMatchObject({ license: 'CC0-1.0', licenseTier: 'allowed' });
  });

  it('refuses an upload with neither a declared licence nor metadata, naming both ways out', async () => {
    const before = await datasetCount();
    const reply = await upload({ name: 'no-licence' }, []);
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual([
      { field: 'license', message: expect.stringMatching(/declare.*metadata/) },
    ]);
    expect(await datasetCount()).toBe(before);
  });

  it('refuses malformed and oversized metadata, and too many metadata files, keeping nothing', async () => {
    const before = await datasetCount();
    const malformed = await upload({ name: 'bad-json', license: 'CC0-1.0' }, [
      { fileName: 'datapackage.json', content: '{"licenses": [' },
    ]);
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([
      { field: 'metadata', message: expect.stringMatching(/^datapackage\.json: not valid JSON/) },
    ]);

    const oversized = await upload({ name: 'big-card', license: 'CC0-1.0' }, [
      { fileName: 'README.md', content: 'x'.repeat(1_000_001) },
    ]);
    expect(oversized.status).toBe(413);
    expect(oversized.body.errors).toEqual([
      { field: 'metadata', message: expect.stringMatching(/^README.md is over/) },
    ]);

    const many = await upload(
      { name: 'many', license: 'CC0-1.0' },
      Array.from({ length: 6 }, (_, i) => ({ fileName: `NOTES${i}.txt`, content: 'notes' })),
    );
    expect(many.status).toBe(400);
    expect(many.body.errors[0].field).toBe('metadata');
    expect(await datasetCount()).toBe(before);
  });
});
