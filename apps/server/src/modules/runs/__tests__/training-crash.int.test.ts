import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadPenguins } from '../../../__tests__/support/penguins.js';
import {
  createTeam,
  createTestApp,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./support/training-worker.ts', import.meta.url));
const LEASE_MS = 1000;

// Worker processes share a PostgreSQL database; PGlite belongs to one process.
describe.skipIf(testDb !== 'postgres')('a training worker killed mid-run', () => {
  let t: TestApp;
  let owner: SignedIn;
  let projectId: string;
  let versionId: string;
  const children: ChildProcess[] = [];

  const env = () => ({
    PATH: process.env.PATH,
    DATABASE_URL: t.databaseUrl!,
    AISTUDIO_DATA_DIR: t.dataDir,
    AISTUDIO_SECRET_KEY: 'test-secret-key-0123456789abcdefghijkl',
    JOB_LEASE_MS: String(LEASE_MS),
    TRAINING_CHECKPOINT_MS: '200',
    LOG_LEVEL: 'warn',
  });

  async function startWorker(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      ['--conditions=@aistudio/source', '--import', 'tsx', WORKER_SCRIPT],
      {
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', () => reject(new Error(`worker exited: ${stderr}`)));
    });
    return child;
  }

  const getRun = async (id: string) =>
    (await t.call('GET', `/api/v1/runs/${id}`, { as: owner })).body;
  async function waitFor(id: string, done: (run: any) => boolean, what: string) {
    for (let i = 0; i < 1200; i++) {
      const run = await getRun(id);
      if (done(run)) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const startRun = async () =>
    (
      await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
        as: owner,
        body: {
          datasetVersionId: versionId,
          target: 'Species',
          algorithm: 'gbdt',
          params: { nIter: 600, learningRate: 0.01, numLeaves: 7 },
          seed: 11,
        },
      })
    ).body.id as string;

  beforeAll(async () => {
    // The API process runs no jobs: workers do (`serve --no-worker` + `aistudio worker`).
    t = await createTestApp({ JOB_LEASE_MS: String(LEASE_MS) }, { runJobs: false });
    owner = await setupOwner(t);
    const orgId = await createTeam(t, owner);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Crash' } })
    ).body.id;
    await startWorker();
    versionId = await uploadPenguins(t, owner, projectId);
    for (let i = 0; i < 600; i++) {
      const version = await t.call('GET', `/api/v1/dataset-versions/${versionId}`, { as: owner });
      if (version.body.status === 'ready') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await t.close();
  });

  it('completes on another worker from its last checkpoint, with the model of an uninterrupted run', async () => {
    const [doomed] = children;
    const interrupted = await startRun();
    const atKill = await waitFor(
      interrupted,
      (run) => run.status === 'running' && (run.progress?.iteration ?? 0) >= 100,
      'the run to be under way with a checkpoint',
    );
    doomed!.kill('SIGKILL');
    expect(atKill.progress.iteration).toBeLessThan(600);

    await startWorker();
    const done = await waitFor(
      interrupted,
      (run) => run.status === 'succeeded',
      'the run to finish',
    );
    const events = (await t.call('GET', `/api/v1/runs/${interrupted}/events`, { as: owner }))
      .body as string;
    expect(events).toMatch(/resuming from iteration \d+/);

    const straight = await startRun();
    await waitFor(straight, (run) => run.status === 'succeeded', 'the uninterrupted run');
    const model = async (id: string) =>
      JSON.stringify(
        (await t.call('GET', `/api/v1/runs/${id}/artifacts/model.json`, { as: owner })).body,
      );
    expect(await model(interrupted)).toBe(await model(straight));
    expect(done.metrics).toEqual((await getRun(straight)).metrics);
  }, 300_000);
});
