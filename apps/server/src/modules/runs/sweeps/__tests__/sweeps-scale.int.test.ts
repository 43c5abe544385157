import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppServices } from '../../../../app.js';
import { postMultipart } from '../../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../../__tests__/support/test-app.js';
import { loadConfig } from '../../../../config/config.js';

const redisUrl = process.env.REDIS_URL;

// Scale mode: BullMQ on Redis and PostgreSQL shared by two processes' worth of workers.
describe.skipIf(!redisUrl || testDb !== 'postgres')('sweeps in scale mode', () => {
  const prefix = `aistudio-sweeps-${randomUUID().slice(0, 8)}`;
  const env = {
    REDIS_URL: redisUrl!,
    JOB_REDIS_PREFIX: prefix,
    JOB_CONCURRENCY: '1',
    JOB_ORG_CONCURRENCY: '4',
  };
  let t: TestApp;
  let second: { app: FastifyInstance; services: AppServices };
  const secondDir = mkdtempSync(path.join(tmpdir(), 'aistudio-second-'));
  let owner: SignedIn;
  let projectId: string;
  let versionId: string;

  beforeAll(async () => {
    t = await createTestApp(env);
    // A second worker on the same database and queue: trials may run on either.
    second = await buildApp(
      loadConfig({
        ...env,
        AISTUDIO_DATA_DIR: t.dataDir,
        AISTUDIO_SECRET_KEY: 'test-secret-key-0123456789abcdefghijkl',
      }),
      { database: t.database, logger: false, webDir: path.join(secondDir, 'no-web') },
    );
    await second.app.ready();
    owner = await setupOwner(t);
    const orgId = await createTeam(t, owner, []);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Scale' } })
    ).body.id;
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${(i * 7) % 11},${i < 30 ? 'a' : 'b'}`);
    const upload = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'rows', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'rows.csv', content: ['x,z,y', ...rows].join('\n') } },
    );
    versionId = upload.body.version.id;
    await t.jobs.idle();
  });
  afterAll(async () => {
    await second.app.close();
    await t.close();
    rmSync(secondDir, { recursive: true, force: true });
    const queue = new Queue('jobs', { connection: { url: redisUrl! }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('runs the trials as jobs on the shared queue and advances from whichever worker ends one', async () => {
    const created = await t.call('POST', `/api/v1/projects/${projectId}/sweeps`, {
      as: owner,
      body: {
        datasetVersionId: versionId,
        target: 'y',
        space: { nIter: { type: 'int', low: 3, high: 10 } },
        trials: 4,
        parallelism: 2,
      },
    });
    expect(created.status).toBe(202);
    await Promise.all([t.jobs.idle(), second.services.jobs.idle()]);
    const board = (await t.call('GET', `/api/v1/runs/${created.body.id}/trials`, { as: owner }))
      .body;
    expect(board.status).toBe('succeeded');
    expect(board.trials.map((trial: { status: string }) => trial.status)).toEqual(
      Array(4).fill('succeeded'),
    );
  });
});
