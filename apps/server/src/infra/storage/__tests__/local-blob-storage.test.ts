import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobKeyConflictError } from '../blob-errors.js';
import { LocalBlobStorage } from '../local-blob-storage.js';
import { describeBlobStorageContract } from './support/blob-storage-contract.js';
import { describePartialBlobContract } from './support/partial-blob-contract.js';
import { bytesFrom } from './support/blob-data.js';

let root = '';
let storage: LocalBlobStorage;
const tempFiles = () => readdir(path.join(root, '.tmp')).then((names) => names.length);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'blobs-'));
  storage = await LocalBlobStorage.open(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describeBlobStorageContract('local directory', {
  storage: () => storage,
  leftovers: tempFiles,
  childSpec: (key) => ({ kind: 'local', root, key }),
});
describePartialBlobContract('local directory', () => storage);

describe('LocalBlobStorage', () => {
  it('keeps each blob as a plain file at its key path', async () => {
    await storage.write('org-1/datasets/v1/raw', bytesFrom('a,b\n1,2\n'));
    expect(await readFile(path.join(root, 'org-1', 'datasets', 'v1', 'raw'), 'utf8')).toBe(
      'a,b\n1,2\n',
    );
  });

  it('removes emptied folders on delete, keeping the root', async () => {
    await storage.write('prune/a/b/c', bytesFrom('x'));
    await storage.delete('prune/a/b/c');
    expect(await readdir(root)).not.toContain('prune');
  });

  it('refuses a key whose path is the folder of another key, or inside a blob', async () => {
    await storage.write('clash/dir/file', bytesFrom('x'));
    await expect(storage.write('clash/dir', bytesFrom('y'))).rejects.toBeInstanceOf(
      BlobKeyConflictError,
    );
    await expect(storage.write('clash/dir/file/below', bytesFrom('y'))).rejects.toBeInstanceOf(
      BlobKeyConflictError,
    );
    expect(await tempFiles()).toBe(0);
    expect(await storage.stat('clash/dir')).toBeNull();
  });

  it('sweeps only temp files that stopped changing, when opened', async () => {
    const stale = path.join(root, '.tmp', 'dead-writer.part');
    const live = path.join(root, '.tmp', 'live-writer.part');
    await writeFile(stale, 'partial');
    await writeFile(live, 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    await LocalBlobStorage.open(root);
    expect(await readdir(path.join(root, '.tmp'))).toEqual(['live-writer.part']);
    await rm(live);
  });

  it('does not list temp files or other dot-entries', async () => {
    await writeFile(path.join(root, '.tmp', 'in-flight.part'), 'partial');
    await writeFile(path.join(root, '.DS_Store'), 'junk');
    const keys: string[] = [];
    for await (const blob of storage.list('')) keys.push(blob.key);
    expect(keys.some((key) => key.includes('.tmp') || key.includes('.DS_Store'))).toBe(false);
    await rm(path.join(root, '.tmp', 'in-flight.part'));
  });
});
