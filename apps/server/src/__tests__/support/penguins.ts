import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { postMultipart } from './multipart.js';
import { createTeam, registerUser, setupOwner, type SignedIn, type TestApp } from './test-app.js';

/** Palmer penguins (CC0-1.0), as shipped by the vega-datasets package: 344 rows, 7 columns. */
export const penguinRecords = JSON.parse(
  readFileSync(
    new URL('../../../../../node_modules/vega-datasets/data/penguins.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string | number | null>[];

const columns = Object.keys(penguinRecords[0]!);
export const penguinsCsv = [
  columns.join(','),
  ...penguinRecords.map((row) => columns.map((c) => row[c] ?? '').join(',')),
].join('\n');

/** Uploads the penguins as a dataset of the project; ingest still has to run. */
export async function uploadPenguins(t: TestApp, owner: SignedIn, projectId: string) {
  const upload = await postMultipart(
    t,
    `/api/v1/projects/${projectId}/datasets`,
    owner,
    { name: 'penguins', license: 'CC0-1.0', attestation: '1' },
    { file: { fileName: 'penguins.csv', content: penguinsCsv } },
  );
  expect(upload.status).toBe(202);
  return upload.body.version.id as string;
}

/**
 * A team with an owner, a viewer of its project and an outsider, and the penguins uploaded to
 * that project and ingested.
 */
export async function penguinsProject(t: TestApp) {
  const owner = await setupOwner(t);
  const viewer = await registerUser(t, 'Vera Viewer');
  const outsider = await registerUser(t, 'Otto Outsider');
  const orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
  const projectId = (
    await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Birds' } })
  ).body.id as string;
  await t.call('POST', `/api/v1/projects/${projectId}/members`, {
    as: owner,
    body: { userId: viewer.userId, role: 'viewer' },
  });
  const versionId = await uploadPenguins(t, owner, projectId);
  await t.jobs.idle();
  return { owner, viewer, outsider, orgId, projectId, versionId };
}
