import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

// Made-up rows, written for this test.
const ROWS = [
  'x,y',
  ...Array.from({ length: 30 }, (_, i) => `${i},${i % 3 === 0 ? 'a' : 'b'}`),
].join('\n');

describe('GET /api/v1/orgs/{orgId}/usage', () => {
  let t: TestApp;
  let owner: SignedIn;
  let member: SignedIn;
  let orgId: string;
  let projectId: string;
  let runId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    member = await registerUser(t, 'Mia Member');
    orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: owner,
        body: { name: 'Meters' },
      })
    ).body.id;
    const upload = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'rows', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'rows.csv', content: ROWS } },
    );
    await t.jobs.idle();
    runId = (
      await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
        as: owner,
        body: { datasetVersionId: upload.body.version.id, target: 'y', params: { nIter: 10 } },
      })
    ).body.id;
    await t.jobs.idle();
  });
  afterAll(() => t.close());

  it('reports training and job seconds per project to admins', async () => {
    const run = (await t.call('GET', `/api/v1/runs/${runId}`, { as: owner })).body;
    const reply = await t.call('GET', `/api/v1/orgs/${orgId}/usage`, { as: owner });
    expect(reply.status).toBe(200);
    expect(reply.body.projects).toHaveLength(1);
    const project = reply.body.projects[0];
    expect(project).toMatchObject({ projectId, name: 'Meters', runs: 1, jobs: 1 });
    expect(project.trainingSeconds).toBe(run.durationMs / 1000);
    expect(project.jobSeconds).toBeGreaterThan(0);
    expect(reply.body.total.computeSeconds).toBeCloseTo(
      project.trainingSeconds + project.jobSeconds,
    );
  });

  it('counts only what finished in the window, and checks the window', async () => {
    const past = await t.call(
      'GET',
      `/api/v1/orgs/${orgId}/usage?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`,
      { as: owner },
    );
    expect(past.body.projects).toEqual([]);
    expect(past.body.total.runs).toBe(0);
    const backwards = await t.call(
      'GET',
      `/api/v1/orgs/${orgId}/usage?from=2021-01-01T00:00:00Z&to=2020-01-01T00:00:00Z`,
      { as: owner },
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toContain('from');
  });

  it('is for admins only', async () => {
    expect((await t.call('GET', `/api/v1/orgs/${orgId}/usage`, { as: member })).status).toBe(403);
  });
});
