import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';
import { loadConfig } from '../../../config/config.js';

const redisUrl = process.env.REDIS_URL;
const records = [{ x: 3, z: 1 }];

// Scale mode: two server replicas share PostgreSQL, files and Redis; each caches what it serves.
describe.skipIf(!redisUrl || testDb !== 'postgres')('serving on two replicas', () => {
  const env = {
    REDIS_URL: redisUrl!,
    JOB_REDIS_PREFIX: `aistudio-serving-${randomUUID().slice(0, 8)}`,
  };
  let a: TestApp;
  let b: FastifyInstance;
  const bDir = mkdtempSync(path.join(tmpdir(), 'aistudio-replica-'));
  let owner: SignedIn;
  let orgId: string;
  let projectId: string;
  let modelId: string;

  const predictOn = async (app: FastifyInstance, deploymentId: string) => {
    const reply = await app.inject({
      method: 'POST',
      url: `/api/v1/deployments/${deploymentId}/predict`,
      headers: { cookie: `aistudio_session=${owner.cookie}`, 'x-csrf-token': owner.csrf },
      payload: { records },
    });
    const body = reply.json() as { modelVersion?: { version: number } };
    return { status: reply.statusCode, version: body.modelVersion?.version };
  };
  const deploy = async (name: string, version: number) => {
    const created = await a.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name, routes: [{ modelId, version, weight: 100 }] },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    a = await createTestApp(env);
    b = (
      await buildApp(
        loadConfig({
          ...env,
          AISTUDIO_DATA_DIR: a.dataDir,
          AISTUDIO_SECRET_KEY: 'test-secret-key-0123456789abcdefghijkl',
          RATE_LIMIT_API_PER_MINUTE: '100000',
        }),
        { database: a.database, logger: false, webDir: path.join(bDir, 'no-web'), runJobs: false },
      )
    ).app;
    await b.ready();
    owner = await setupOwner(a);
    orgId = await createTeam(a, owner, []);
    projectId = (
      await a.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Scale' } })
    ).body.id;
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${(i * 7) % 11},${i < 30 ? 'a' : 'b'}`);
    const upload = await postMultipart(
      a,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'rows', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'rows.csv', content: ['x,z,y', ...rows].join('\n') } },
    );
    await a.jobs.idle();
    modelId = (
      await a.call('POST', `/api/v1/projects/${projectId}/models`, {
        as: owner,
        body: { name: 'y' },
      })
    ).body.id;
    for (const nIter of [3, 5]) {
      const run = await a.call('POST', `/api/v1/projects/${projectId}/runs`, {
        as: owner,
        body: {
          datasetVersionId: upload.body.version.id,
          target: 'y',
          algorithm: 'gbdt',
          params: { nIter },
        },
      });
      await a.jobs.idle();
      await a.call('POST', `/api/v1/models/${modelId}/versions`, {
        as: owner,
        body: { runId: run.body.id },
      });
    }
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    rmSync(bDir, { recursive: true, force: true });
  });

  it('serves on a replica that never saw the deployment, and follows a change made on the other within a second', async () => {
    const deploymentId = await deploy('canary', 1);
    expect(await predictOn(b, deploymentId)).toEqual({ status: 200, version: 1 });
    expect(await predictOn(a.app, deploymentId)).toEqual({ status: 200, version: 1 });

    const changed = await a.call('PATCH', `/api/v1/deployments/${deploymentId}`, {
      as: owner,
      body: { routes: [{ modelId, version: 2, weight: 100 }] },
    });
    expect(changed.status).toBe(200);
    // The replica that made the change answers from the new routes at once.
    expect(await predictOn(a.app, deploymentId)).toEqual({ status: 200, version: 2 });
    await expect
      .poll(() => predictOn(b, deploymentId), { timeout: 1_000, interval: 20 })
      .toEqual({ status: 200, version: 2 });

    expect(
      (await a.call('POST', `/api/v1/deployments/${deploymentId}/rollback`, { as: owner })).status,
    ).toBe(200);
    await expect
      .poll(() => predictOn(b, deploymentId), { timeout: 1_000, interval: 20 })
      .toEqual({ status: 200, version: 1 });
  });

  it('refuses an API key revoked on the other replica at its very next prediction', async () => {
    const deploymentId = await deploy('keyed', 1);
    const key = await a.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
      as: owner,
      body: { name: 'client', scopes: ['predict'] },
    });
    expect(key.status).toBe(201);
    const predictWithKey = async () =>
      (
        await b.inject({
          method: 'POST',
          url: `/api/v1/deployments/${deploymentId}/predict`,
          headers: { authorization: `Bearer ${key.body.secret}` },
          payload: { records },
        })
      ).statusCode;
    // Served twice, so replica b holds the key (and the authorization) in its caches.
    expect(await predictWithKey()).toBe(200);
    expect(await predictWithKey()).toBe(200);
    const revoked = await a.call('DELETE', `/api/v1/api-keys/${key.body.id}`, { as: owner });
    expect(revoked.status).toBe(204);
    expect(await predictWithKey()).toBe(401);
  });

  it('stops answering for a deleted deployment on both replicas', async () => {
    const deploymentId = await deploy('short-lived', 1);
    expect(await predictOn(a.app, deploymentId)).toEqual({ status: 200, version: 1 });
    expect(await predictOn(b, deploymentId)).toEqual({ status: 200, version: 1 });
    const deleted = await a.call('DELETE', `/api/v1/deployments/${deploymentId}`, { as: owner });
    expect(deleted.status).toBe(204);
    expect((await predictOn(a.app, deploymentId)).status).toBe(404);
    await expect
      .poll(async () => (await predictOn(b, deploymentId)).status, { timeout: 1_000, interval: 20 })
      .toBe(404);
  });

  it('stops answering with a deleted model at once here and within a second on the other replica', async () => {
    const deploymentId = await deploy('doomed', 2);
    expect(await predictOn(a.app, deploymentId)).toEqual({ status: 200, version: 2 });
    expect(await predictOn(b, deploymentId)).toEqual({ status: 200, version: 2 });
    expect((await a.call('DELETE', `/api/v1/models/${modelId}`, { as: owner })).status).toBe(204);
    expect((await predictOn(a.app, deploymentId)).status).toBe(409);
    await expect
      .poll(async () => (await predictOn(b, deploymentId)).status, { timeout: 1_000, interval: 20 })
      .toBe(409);
  });
});
