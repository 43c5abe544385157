import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobKeyConflictError, BlobNotFoundError, BlobRangeError } from './blob-errors.js';
import { assertBlobKey, assertBlobPrefix } from './blob-key.js';
import {
  assertByteRange,
  DEFAULT_LIST_LIMIT,
  listAllPages,
  type BlobPage,
  type BlobStat,
  type BlobStorage,
  type ByteRange,
  type ListOptions,
  type PartialBlobState,
  PARTIAL_BLOB_LIFETIME_MS,
} from './blob-storage.js';
import { removeStaleEntries } from './stale-files.js';

/** Temp files live under the root (same filesystem, so rename is atomic); no key starts with a dot. */
const TEMP_DIR_NAME = '.tmp';
/** Resumable uploads in progress: kept until completed or aborted, so not swept with the temp files. */
const PARTIAL_DIR_NAME = '.partial';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Blobs as files under one directory, written to a temp file, fsynced, then renamed into place. */
export class LocalBlobStorage implements BlobStorage {
  private readonly tempDir: string;
  private readonly partialDir: string;

  private constructor(private readonly root: string) {
    this.tempDir = path.join(root, TEMP_DIR_NAME);
    this.partialDir = path.join(root, PARTIAL_DIR_NAME);
  }

  /** Opens (creating) the store under `root` and sweeps temp files of writers that died. */
  static async open(root: string, staleTempAfterMs = 60 * 60 * 1000): Promise<LocalBlobStorage> {
    const storage = new LocalBlobStorage(path.resolve(root));
    await mkdir(storage.tempDir, { recursive: true });
    await mkdir(storage.partialDir, { recursive: true });
    await storage.sweepStale(staleTempAfterMs);
    return storage;
  }

  async write(key: string, source: AsyncIterable<Uint8Array>) {
    const target = this.pathOf(key);
    const temp = path.join(this.tempDir, `${randomUUID()}.part`);
    try {
      const size = await this.writeDurably(temp, source);
      await this.moveIntoPlace(temp, target, key);
      return { key, size };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    if (range) assertByteRange(range);
    // Open before stat so a concurrent replace or delete cannot split the two.
    const handle = await open(this.pathOf(key), 'r').catch((error: unknown) => {
      throw ['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')
        ? new BlobNotFoundError(key)
        : error;
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new BlobNotFoundError(key);
      const offset = range?.offset ?? 0;
      if (offset > stats.size) throw new BlobRangeError(key, offset, stats.size);
      const end = Math.min(
        stats.size,
        range?.length === undefined ? Infinity : offset + range.length,
      );
      if (end === offset) {
        await handle.close();
        return Readable.from([]);
      }
      return handle.createReadStream({ start: offset, end: end - 1 });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    const stats = await stat(this.pathOf(key)).catch((error: unknown) => {
      if (['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) return null;
      throw error;
    });
    return stats?.isFile() ? { key, size: stats.size, modifiedAt: stats.mtime } : null;
  }

  async delete(key: string): Promise<void> {
    const filePath = this.pathOf(key);
    try {
      await unlink(filePath);
    } catch (error) {
      // Absent, or a folder of other keys: either way there is no blob to remove.
      if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes(errorCode(error) ?? '')) return;
      throw error;
    }
    await this.pruneEmptyFolders(path.dirname(filePath));
  }

  async listPage(prefix: string, options: ListOptions = {}): Promise<BlobPage> {
    assertBlobPrefix(prefix);
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    const startAfter = options.startAfter ?? '';
    // The folder holding every key with this prefix; keys are ASCII, so string order is S3's byte order.
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys: string[] = [];
    for await (const key of this.walkKeys(base)) {
      if (key.startsWith(prefix) && key > startAfter) keys.push(key);
    }
    keys.sort();
    const blobs: BlobStat[] = [];
    for (const key of keys.slice(0, limit)) {
      const found = await this.stat(key);
      if (found) blobs.push(found);
    }
    const nextCursor = keys.length > limit ? keys[limit - 1]! : null;
    return { blobs, nextCursor };
  }

  list(prefix: string, options: { pageSize?: number } = {}): AsyncIterable<BlobStat> {
    return listAllPages(this, prefix, options.pageSize);
  }

  async withLocalFile<T>(key: string, fn: (filePath: string) => Promise<T>): Promise<T> {
    if (!(await this.stat(key))) throw new BlobNotFoundError(key);
    return fn(this.pathOf(key));
  }

  async beginPartial(key: string): Promise<PartialBlobState> {
    assertBlobKey(key);
    const file = `${randomUUID()}.part`;
    await (await open(path.join(this.partialDir, file), 'wx')).close();
    return { size: 0, file };
  }

  async appendPartial(key: string, state: PartialBlobState, source: AsyncIterable<Uint8Array>) {
    const handle = await open(this.partialPathOf(state), 'r+');
    let size = state.size;
    let error: unknown = null;
    try {
      await handle.truncate(size);
      try {
        for await (const chunk of source) {
          await handle.write(chunk, 0, chunk.byteLength, size);
          size += chunk.byteLength;
        }
      } catch (sourceError) {
        error = sourceError;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { state: { ...state, size }, error };
  }

  async completePartial(key: string, state: PartialBlobState): Promise<void> {
    const temp = this.partialPathOf(state);
    const handle = await open(temp, 'r+');
    try {
      // A crashed append may have left bytes past the recorded size.
      await handle.truncate(state.size);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.moveIntoPlace(temp, this.pathOf(key), key);
  }

  async abortPartial(key: string, state: PartialBlobState): Promise<void> {
    await rm(this.partialPathOf(state), { force: true });
  }

  async sweepStale(
    olderThanMs: number,
    partialsOlderThanMs = PARTIAL_BLOB_LIFETIME_MS,
  ): Promise<number> {
    // Every append touches its partial file, so only abandoned ones fall behind the cutoff.
    const partials = await removeStaleEntries(this.partialDir, partialsOlderThanMs);
    return partials + (await removeStaleEntries(this.tempDir, olderThanMs));
  }

  async close(): Promise<void> {}

  private partialPathOf(state: PartialBlobState): string {
    const file = state['file'];
    if (typeof file !== 'string' || !/^[0-9a-f-]+\.part$/.test(file)) {
      throw new Error(`not a local partial blob state: ${JSON.stringify(state)}`);
    }
    return path.join(this.partialDir, file);
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private async writeDurably(temp: string, source: AsyncIterable<Uint8Array>): Promise<number> {
    const handle = await open(temp, 'wx');
    try {
      let size = 0;
      const counted = async function* () {
        for await (const chunk of source) {
          size += chunk.byteLength;
          yield chunk;
        }
      };
      // `flush` fsyncs before the stream closes the handle. (With autoClose: false the stream
      // keeps a reference on the handle, and handle.close() then waits forever on Node 20.)
      await pipeline(counted, handle.createWriteStream({ flush: true }));
      return size;
    } finally {
      await handle.close();
    }
  }

  private async moveIntoPlace(temp: string, target: string, key: string): Promise<void> {
    const folder = path.dirname(target);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.ensureFolder(folder);
        await rename(temp, target);
        break;
      } catch (error) {
        const code = errorCode(error);
        // A concurrent delete may prune the folder between mkdir and rename: make it again.
        if (code === 'ENOENT' && attempt < 3) continue;
        if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
          throw new BlobKeyConflictError(key);
        }
        throw error;
      }
    }
    await fsyncDirectory(folder);
  }

  /** mkdir -p that also fsyncs the parents of new folders, so they survive a crash too. */
  private async ensureFolder(folder: string): Promise<void> {
    const firstCreated = await mkdir(folder, { recursive: true });
    if (firstCreated === undefined) return;
    for (let dir = folder; dir !== path.dirname(firstCreated); dir = path.dirname(dir)) {
      await fsyncDirectory(path.dirname(dir));
    }
  }

  private async pruneEmptyFolders(folder: string): Promise<void> {
    for (
      let dir = folder;
      dir !== this.root && dir.startsWith(this.root);
      dir = path.dirname(dir)
    ) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty, or already gone
      }
    }
  }

  private async *walkKeys(relativeDir: string): AsyncGenerator<string> {
    const dir = path.join(this.root, ...relativeDir.split('/').filter(Boolean));
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      if (['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) return [];
      throw error;
    });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // temp files and anything not written by us
      const key = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) yield* this.walkKeys(key);
      else if (entry.isFile()) yield key;
    }
  }
}
