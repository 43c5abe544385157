import { afterEach, describe, expect, it } from 'vitest';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  setupOwner,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

// Made-up rows, written for this test: y follows x, with a little noise from z.
const ROWS = [
  'x,z,y',
  ...Array.from(
    { length: 400 },
    (_, i) => `${i % 50},${(i * 7) % 13},${i % 50 > 24 ? 'hi' : 'lo'}`,
  ),
].join('\n');

/** An app with the given limits, a project and a ready dataset; `train` starts a run. */
async function appWith(env: Record<string, string>) {
  const t = await createTestApp(env);
  const owner = await setupOwner(t);
  const orgId = await createTeam(t, owner);
  const projectId = (
    await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Limits' } })
  ).body.id as string;
  const upload = await postMultipart(
    t,
    `/api/v1/projects/${projectId}/datasets`,
    owner,
    { name: 'rows', license: 'CC0-1.0', attestation: '1' },
    { file: { fileName: 'rows.csv', content: ROWS } },
  );
  await t.jobs.idle();
  const train = async (body: Record<string, unknown>) => {
    const reply = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId: upload.body.version.id, target: 'y', ...body },
    });
    expect(reply.status).toBe(202);
    return reply.body.id as string;
  };
  const run = async (id: string, as: SignedIn = owner) =>
    (await t.call('GET', `/api/v1/runs/${id}`, { as })).body;
  return { t, train, run };
}

describe('training time limit', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a run past the training timeout fails with "timed out", never stays running', async () => {
    const app = await appWith({ TRAINING_TIMEOUT_MS: '1500' });
    t = app.t;
    const slow = await app.train({
      algorithm: 'gbdt',
      params: { nIter: 100_000, learningRate: 0.0001 },
    });
    await app.t.jobs.idle();
    const run = await app.run(slow);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/timed out after 1\.5 s/);
    expect(run.finishedAt).not.toBeNull();
  }, 120_000);
});
