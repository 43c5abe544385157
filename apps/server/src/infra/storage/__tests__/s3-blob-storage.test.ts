import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, S3BlobStorage } from '../s3-blob-storage.js';
import { describeBlobStorageContract } from './support/blob-storage-contract.js';
import { describePartialBlobContract } from './support/partial-blob-contract.js';
import { bytesFrom } from './support/blob-data.js';
import {
  motoServerPath,
  startMotoServer,
  startS3rver,
  type RunningS3Server,
} from './support/s3-test-servers.js';

const partSizeBytes = 5 * 1024 * 1024;

/** Opens the adapter against `server`, with small parts so a few MiB exercise multipart. */
function harnessFor(getServer: () => RunningS3Server) {
  let scratchDir = '';
  let storage: S3BlobStorage;
  beforeAll(async () => {
    scratchDir = await mkdtemp(path.join(tmpdir(), 's3-scratch-'));
    storage = await S3BlobStorage.open(getServer().settings, { scratchDir, partSizeBytes });
  });
  afterAll(async () => {
    await storage.close();
    await rm(scratchDir, { recursive: true, force: true });
  });
  return {
    storage: () => storage,
    scratchDir: () => scratchDir,
    childSpec: (key: string) => ({ kind: 's3', settings: getServer().settings, scratchDir, key }),
  };
}

describe.skipIf(!motoServerPath)('S3 adapter against moto_server', () => {
  let server: RunningS3Server;
  let client: S3Client;
  beforeAll(async () => {
    server = await startMotoServer();
    client = createS3Client(server.settings);
  }, 60_000);
  afterAll(async () => {
    client.destroy();
    await server.stop();
  });
  const harness = harnessFor(() => server);
  const openUploads = async () =>
    (await client.send(new ListMultipartUploadsCommand({ Bucket: server.settings.bucket }))).Uploads
      ?.length ?? 0;

  describeBlobStorageContract('S3 (moto_server)', { ...harness, leftovers: openUploads });
  describePartialBlobContract('S3 (moto_server)', harness.storage, {
    uploadAge:
      'moto_server reports every multipart upload as initiated in 2010, so any age sweep aborts it',
  });

  it('removes its scratch copy once the callback is done, even when it throws', async () => {
    await harness.storage().write('scratch/data.csv', bytesFrom('a\n1\n'));
    await expect(
      harness.storage().withLocalFile('scratch/data.csv', async () => {
        throw new Error('duckdb failed');
      }),
    ).rejects.toThrow('duckdb failed');
    expect(await readdir(harness.scratchDir())).toEqual([]);
  });
});

describe('S3 adapter against s3rver', () => {
  let server: RunningS3Server;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(() => server.stop());
  const harness = harnessFor(() => server);

  describeBlobStorageContract('S3 (s3rver)', {
    ...harness,
    leftovers: null,
    leftoversUnknownBecause:
      's3rver 3.7 implements neither ListMultipartUploads nor AbortMultipartUpload',
    serverGaps: {
      atomicPut: 's3rver 3.7 writes objects in place, so its concurrent PUTs interleave',
      firstByteRange: 's3rver 3.7 reads "bytes=0-0" as the whole object',
      byteOrder: 's3rver 3.7 lists in folder-walk order ("a/b" before "a-b")',
    },
  });
  describePartialBlobContract('S3 (s3rver)', harness.storage);
});
