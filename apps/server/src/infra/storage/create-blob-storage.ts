import path from 'node:path';
import type { Config } from '../../config/config.js';
import type { BlobStorage } from './blob-storage.js';
import { LocalBlobStorage } from './local-blob-storage.js';
import { S3BlobStorage } from './s3-blob-storage.js';

/** The S3 adapter when `S3_BUCKET` is set, else files under `<data dir>/blobs`; sweeps leftovers. */
export function createBlobStorage(config: Pick<Config, 'dataDir' | 's3'>): Promise<BlobStorage> {
  if (config.s3) {
    return S3BlobStorage.open(config.s3, { scratchDir: path.join(config.dataDir, 'tmp', 'blobs') });
  }
  return LocalBlobStorage.open(path.join(config.dataDir, 'blobs'));
}
