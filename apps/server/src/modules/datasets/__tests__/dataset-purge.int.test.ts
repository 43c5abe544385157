import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@aistudio/db';
import { loadConfig } from '../../../config/config.js';
import { createBlobStorage } from '../../../infra/storage/create-blob-storage.js';
import type { BlobStorage } from '../../../infra/storage/blob-storage.js';
import {
  startS3rver,
  type RunningS3Server,
} from '../../../infra/storage/__tests__/support/s3-test-servers.js';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTestApp,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

// Made-up rows, written for this test.
const V1 = ['x,y', ...Array.from({ length: 40 }, (_, i) => `${i},${i < 20 ? 'low' : 'high'}`)].join(
  '\n',
);
const V2 = `${V1}\n40,high`;

type Env = Record<string, string>;

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The purge, end to end, against one storage adapter. */
function purgeSuite(
  adapter: string,
  storageEnv: () => Promise<{ env: Env; stop?: () => Promise<void> }>,
) {
  describe(`purge of deleted datasets, ${adapter} storage [${testDb}]`, () => {
    let t: TestApp;
    let owner: SignedIn;
    let projectId: string;
    let storage: BlobStorage;
    let stop: (() => Promise<void>) | undefined;

    const keys = async () => {
      const found: string[] = [];
      for await (const blob of storage.list(`orgs/${owner.personalOrgId}/`)) found.push(blob.key);
      return found.sort();
    };
    async function upload(url: string, fields: Record<string, string>, content: string) {
      const reply = await postMultipart(
        t,
        url,
        owner,
        { license: 'CC0-1.0', attestation: '1', ...fields },
        {
          file: { fileName: 'rows.csv', content },
        },
      );
      expect(reply.status).toBe(202);
      await t.jobs.idle();
      return reply.body as { dataset: { id: string }; version: { id: string } };
    }
    const versionRow = async (id: string) =>
      (
        await t.database.db
          .select()
          .from(schema.datasetVersions)
          .where(eq(schema.datasetVersions.id, id))
      )[0];
    const blobKey = async (versionId: string) => {
      const [row] = await t.database.db
        .select({ key: schema.blobs.storageKey })
        .from(schema.blobs)
        .innerJoin(schema.datasetVersions, eq(schema.datasetVersions.blobId, schema.blobs.id))
        .where(eq(schema.datasetVersions.id, versionId));
      return row!.key;
    };

    beforeAll(async () => {
      const started = await storageEnv();
      stop = started.stop;
      t = await createTestApp({ ...started.env, DATASET_PURGE_GRACE_DAYS: '0' });
      storage = await createBlobStorage(
        loadConfig({ AISTUDIO_DATA_DIR: t.dataDir, ...started.env }),
      );
      owner = await setupOwner(t);
      const project = await t.call('POST', `/api/v1/orgs/${owner.personalOrgId}/projects`, {
        as: owner,
        body: { name: 'Purge' },
      });
      projectId = project.body.id;
    });
    afterAll(async () => {
      await t?.close();
      await stop?.();
    });

    it('frees the Parquet and the uploads no other version uses, and removes the rows', async () => {
      const a = await upload(`/api/v1/projects/${projectId}/datasets`, { name: 'doomed' }, V1);
      const a2 = await upload(`/api/v1/datasets/${a.dataset.id}/versions`, {}, V2);
      // Same bytes as doomed v1: stored once, so that upload must survive the purge.
      const b = await upload(`/api/v1/projects/${projectId}/datasets`, { name: 'twin' }, V1);
      const sharedUpload = await blobKey(a.version.id);
      const doomedUpload = await blobKey(a2.version.id);
      const doomedParquet = [
        (await versionRow(a.version.id))!.parquetKey!,
        (await versionRow(a2.version.id))!.parquetKey!,
      ];
      const twinParquet = (await versionRow(b.version.id))!.parquetKey!;
      expect(await keys()).toEqual(
        expect.arrayContaining([sharedUpload, doomedUpload, ...doomedParquet]),
      );

      expect(
        (await t.call('DELETE', `/api/v1/datasets/${a.dataset.id}`, { as: owner })).status,
      ).toBe(204);
      await until(async () => (await versionRow(a.version.id)) === undefined, 'the purge');
      await t.jobs.idle();

      const left = await keys();
      for (const gone of [doomedUpload, ...doomedParquet]) expect(left).not.toContain(gone);
      expect(left).toEqual(expect.arrayContaining([sharedUpload, twinParquet]));
      const [dataset] = await t.database.db
        .select()
        .from(schema.datasets)
        .where(eq(schema.datasets.id, a.dataset.id));
      expect(dataset).toBeUndefined();
      const twin = await t.call('GET', `/api/v1/dataset-versions/${b.version.id}/preview`, {
        as: owner,
      });
      expect(twin.status).toBe(200);
      const audit = await t.call('GET', `/api/v1/orgs/${owner.personalOrgId}/audit-events`, {
        as: owner,
      });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('dataset.purge');
    });

    it('keeps a version a run trained on as a lineage record, without its files', async () => {
      const trained = await upload(
        `/api/v1/projects/${projectId}/datasets`,
        { name: 'trained' },
        V2.replace('40,high', '41,low'),
      );
      const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
        as: owner,
        body: {
          datasetVersionId: trained.version.id,
          target: 'y',
          algorithm: 'gbdt',
          params: { nIter: 3 },
        },
      });
      expect(run.status).toBe(202);
      await t.jobs.idle();
      const parquet = (await versionRow(trained.version.id))!.parquetKey!;
      const upload_ = await blobKey(trained.version.id);

      await t.call('DELETE', `/api/v1/datasets/${trained.dataset.id}`, { as: owner });
      await until(
        async () => (await versionRow(trained.version.id))?.parquetKey === null,
        'the purge',
      );
      await t.jobs.idle();

      const kept = (await versionRow(trained.version.id))!;
      expect(kept).toMatchObject({ parquetKey: null, blobId: null, license: 'CC0-1.0' });
      expect(kept.schema).not.toBeNull();
      const left = await keys();
      expect(left).not.toContain(parquet);
      expect(left).not.toContain(upload_);
      const runAfter = await t.call('GET', `/api/v1/runs/${run.body.id}`, { as: owner });
      expect(runAfter.status).toBe(200);
      expect(runAfter.body.datasetVersionId).toBe(trained.version.id);
    });
  });
}

purgeSuite('local', async () => ({ env: {} }));
purgeSuite('S3 (s3rver)', async () => {
  const server: RunningS3Server = await startS3rver();
  const s3 = server.settings;
  return {
    env: {
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region!,
      S3_ENDPOINT: s3.endpoint!,
      S3_ACCESS_KEY_ID: s3.accessKeyId!,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey!,
      S3_FORCE_PATH_STYLE: 'true',
    },
    stop: () => server.stop(),
  };
});

describe(`purge grace period [${testDb}]`, () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('leaves a dataset deleted within the grace period whole', async () => {
    t = await createTestApp();
    const owner = await setupOwner(t);
    const project = await t.call('POST', `/api/v1/orgs/${owner.personalOrgId}/projects`, {
      as: owner,
      body: { name: 'Grace' },
    });
    const reply = await postMultipart(
      t,
      `/api/v1/projects/${project.body.id}/datasets`,
      owner,
      { name: 'kept', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'rows.csv', content: V1 } },
    );
    await t.jobs.idle();
    await t.call('DELETE', `/api/v1/datasets/${reply.body.dataset.id}`, { as: owner });
    const purges = () =>
      t.database.db.select().from(schema.jobs).where(eq(schema.jobs.kind, 'dataset.purge'));
    await until(async () => (await purges()).some((j) => j.status === 'succeeded'), 'a purge run');
    const [version] = await t.database.db
      .select()
      .from(schema.datasetVersions)
      .where(eq(schema.datasetVersions.id, reply.body.version.id));
    expect(version!.parquetKey).not.toBeNull();
    const [schedule] = await t.database.db
      .select()
      .from(schema.schedules)
      .where(eq(schema.schedules.kind, 'dataset.purge'));
    expect(schedule).toBeDefined();
  });
});
