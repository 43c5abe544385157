import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobFailure } from '../../../infra/queue/job-queue.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

describe(`GET /api/v1/jobs/{jobId}/logs [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let jobId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    outsider = await registerUser(t, 'Otto Outsider');
    const orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
    const project = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'Logs' },
    });
    await t.call('POST', `/api/v1/projects/${project.body.id}/members`, {
      as: owner,
      body: { userId: viewer.userId, role: 'viewer' },
    });
    // A job kind of this test, through the app's own queue, as a feature's handler would log.
    t.jobs.handle('test.logs', async (_job, ctx) => {
      for (let i = 1; i <= 5; i++) ctx.log(`line ${i}`);
      throw new JobFailure('gave up');
    });
    const job = await t.jobs.enqueue(t.database.db, {
      orgId,
      projectId: project.body.id,
      kind: 'test.logs',
      payload: {},
    });
    jobId = job.id;
    t.jobs.wake();
    await t.jobs.idle();
  });
  afterAll(() => t.close());

  it("returns a job's lines oldest first to a viewer of its project, ending with its failure", async () => {
    const reply = await t.call('GET', `/api/v1/jobs/${jobId}/logs`, { as: viewer });
    expect(reply.status).toBe(200);
    expect(reply.body.items.map((l: { message: string }) => l.message)).toEqual([
      'line 1',
      'line 2',
      'line 3',
      'line 4',
      'line 5',
      'gave up',
    ]);
    expect(reply.body.items.at(-1)).toMatchObject({ seq: 6, level: 'error' });
    expect(reply.body.nextCursor).toBe('6');
  });

  it('reads on from a cursor, and keeps the cursor when no line is new', async () => {
    const page = await t.call('GET', `/api/v1/jobs/${jobId}/logs?limit=2&cursor=2`, { as: owner });
    expect(page.body).toMatchObject({
      items: [{ seq: 3 }, { seq: 4 }],
      nextCursor: '4',
    });
    const end = await t.call('GET', `/api/v1/jobs/${jobId}/logs?cursor=6`, { as: owner });
    expect(end.body).toEqual({ items: [], nextCursor: '6' });
  });

  it('answers 404 to a user of another org, as for a job that does not exist', async () => {
    const reply = await t.call('GET', `/api/v1/jobs/${jobId}/logs`, { as: outsider });
    expect(reply.status).toBe(404);
    const missing = await t.call('GET', `/api/v1/jobs/${crypto.randomUUID()}/logs`, { as: owner });
    expect(missing.status).toBe(404);
  });

  it('answers 400 naming the field for a bad cursor or limit', async () => {
    const reply = await t.call('GET', `/api/v1/jobs/${jobId}/logs?cursor=abc&limit=0`, {
      as: owner,
    });
    expect(reply.status).toBe(400);
    const fields = (reply.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['querystring.cursor', 'querystring.limit']);
  });
});
