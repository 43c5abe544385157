import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStorage } from '../create-blob-storage.js';
import { LocalBlobStorage } from '../local-blob-storage.js';
import { S3BlobStorage } from '../s3-blob-storage.js';
import { bytesFrom, bytesOf } from './support/blob-data.js';
import { startS3rver, type RunningS3Server } from './support/s3-test-servers.js';

describe('createBlobStorage', () => {
  let dataDir = '';
  let server: RunningS3Server;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'aistudio-data-'));
    server = await startS3rver();
  }, 30_000);
  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps blobs under <data dir>/blobs when no S3 bucket is configured', async () => {
    const storage = await createBlobStorage({ dataDir, s3: null });
    expect(storage).toBeInstanceOf(LocalBlobStorage);
    await storage.write('k/v', bytesFrom('local'));
    expect(await readFile(path.join(dataDir, 'blobs', 'k', 'v'), 'utf8')).toBe('local');
    await storage.close();
  });

  it('uses the S3 bucket when one is configured', async () => {
    const storage = await createBlobStorage({ dataDir, s3: server.settings });
    expect(storage).toBeInstanceOf(S3BlobStorage);
    await storage.write('k/v', bytesFrom('remote'));
    expect((await bytesOf(await storage.read('k/v'))).toString()).toBe('remote');
    await storage.close();
  });
});
