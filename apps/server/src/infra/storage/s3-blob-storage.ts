import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobNotFoundError, BlobRangeError } from './blob-errors.js';
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
import { S3PartialBlobs } from './s3-partial-blob.js';
import { removeStaleEntries } from './stale-files.js';

/** Connection settings, as parsed into `config.s3`. */
export interface S3Settings {
  bucket: string;
  region: string | null;
  endpoint: string | null;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
}

export interface S3BlobStorageOptions {
  /** Local folder for the temp copies `withLocalFile` hands to DuckDB. */
  scratchDir: string;
  /** Bytes per multipart part (S3's minimum is 5 MiB); memory per write is about (queueSize + 1) parts. */
  partSizeBytes?: number;
  /** Parts uploaded at once per write. */
  queueSize?: number;
}

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region ?? 'us-east-1',
    endpoint: settings.endpoint ?? undefined,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    // Many S3-compatible stores reject the SDK's default flexible checksums (aws-chunked trailers);
    // integrity is covered by our own SHA-256 of every upload.
    ...(settings.endpoint
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  });
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' ||
      error.name === 'NotFound' ||
      error.$metadata.httpStatusCode === 404)
  );
}

function isInvalidRange(error: unknown): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416;
}

/** Blobs as objects in one bucket; large writes go up as multipart uploads of bounded parts. */
export class S3BlobStorage implements BlobStorage {
  private readonly partSizeBytes: number;
  private readonly queueSize: number;
  private readonly partials: S3PartialBlobs;

  private constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly options: S3BlobStorageOptions,
  ) {
    this.partSizeBytes = options.partSizeBytes ?? 8 * 1024 * 1024;
    this.queueSize = options.queueSize ?? 2;
    this.partials = new S3PartialBlobs(client, bucket, this.partSizeBytes);
  }

  /** Opens the store and sweeps leftovers of writers that died (scratch files, multipart uploads). */
  static async open(
    settings: S3Settings,
    options: S3BlobStorageOptions & { staleAfterMs?: number },
  ): Promise<S3BlobStorage> {
    const storage = new S3BlobStorage(createS3Client(settings), settings.bucket, options);
    await mkdir(options.scratchDir, { recursive: true });
    // A multipart upload's age counts from its start, so allow a slow upload a whole day.
    await storage.sweepStale(options.staleAfterMs ?? 24 * 60 * 60 * 1000);
    return storage;
  }

  async write(key: string, source: AsyncIterable<Uint8Array>) {
    assertBlobKey(key);
    let size = 0;
    let sourceError: unknown = null;
    const counted = async function* () {
      try {
        for await (const chunk of source) {
          size += chunk.byteLength;
          yield chunk;
        }
      } catch (error) {
        sourceError = error;
        throw error;
      }
    };
    // On failure Upload aborts its multipart upload (leavePartsOnError: false), so the key never
    // shows a partial object; a body smaller than one part goes up as one PutObject, atomic too.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: Readable.from(counted()) },
      partSize: this.partSizeBytes,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      // The caller needs the source's reason (say BlobTooLargeError), not an SDK error about it.
      throw sourceError ?? error;
    }
    return { key, size };
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertBlobKey(key);
    if (range) assertByteRange(range);
    if (range?.length === 0) return this.readEmptyRange(key, range.offset);
    const end = range?.length === undefined ? '' : String(range.offset + range.length - 1);
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.offset}-${end}` : undefined,
        }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      if (range && isInvalidRange(error)) return this.readEmptyRange(key, range.offset);
      throw error;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    assertBlobKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async listPage(prefix: string, options: ListOptions = {}): Promise<BlobPage> {
    assertBlobPrefix(prefix);
    const page = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: prefix || undefined,
        MaxKeys: options.limit ?? DEFAULT_LIST_LIMIT,
        StartAfter: options.startAfter,
      }),
    );
    const blobs = (page.Contents ?? []).map((object) => ({
      key: object.Key!,
      size: object.Size ?? 0,
      modifiedAt: object.LastModified ?? new Date(0),
    }));
    const last = blobs.at(-1);
    return { blobs, nextCursor: page.IsTruncated && last ? last.key : null };
  }

  list(prefix: string, options: { pageSize?: number } = {}): AsyncIterable<BlobStat> {
    return listAllPages(this, prefix, options.pageSize);
  }

  async withLocalFile<T>(key: string, fn: (filePath: string) => Promise<T>): Promise<T> {
    const body = await this.read(key);
    const dir = await mkdtemp(path.join(this.options.scratchDir, 'blob-'));
    try {
      // Keep the key's file name: DuckDB picks a reader by extension.
      const filePath = path.join(dir, key.slice(key.lastIndexOf('/') + 1));
      await pipeline(body, createWriteStream(filePath, { flags: 'wx' }));
      return await fn(filePath);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  beginPartial(key: string): Promise<PartialBlobState> {
    return this.partials.begin(key);
  }

  appendPartial(key: string, state: PartialBlobState, source: AsyncIterable<Uint8Array>) {
    return this.partials.append(key, state, source);
  }

  completePartial(key: string, state: PartialBlobState): Promise<void> {
    return this.partials.complete(key, state);
  }

  abortPartial(key: string, state: PartialBlobState): Promise<void> {
    return this.partials.abort(key, state);
  }

  async sweepStale(
    olderThanMs: number,
    partialsOlderThanMs = PARTIAL_BLOB_LIFETIME_MS,
  ): Promise<number> {
    const scratch = await removeStaleEntries(this.options.scratchDir, olderThanMs);
    const tails = await this.partials.sweepTails(partialsOlderThanMs);
    return scratch + tails + (await this.abortStaleUploads(olderThanMs));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private async readEmptyRange(key: string, offset: number): Promise<Readable> {
    const found = await this.stat(key);
    if (!found) throw new BlobNotFoundError(key);
    if (offset > found.size) throw new BlobRangeError(key, offset, found.size);
    return Readable.from([]);
  }

  private async abortStaleUploads(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let aborted = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client
        .send(
          new ListMultipartUploadsCommand({
            Bucket: this.bucket,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        )
        .catch((error: unknown) => {
          // Some S3-compatible stores cannot list uploads; their own expiry has to do then.
          if (error instanceof S3ServiceException && error.name === 'NotImplemented') return null;
          throw error;
        });
      if (!page) return aborted;
      for (const upload of page.Uploads ?? []) {
        if (!upload.Initiated || upload.Initiated.getTime() > cutoff) continue;
        await this.client.send(
          new AbortMultipartUploadCommand({
            Bucket: this.bucket,
            Key: upload.Key,
            UploadId: upload.UploadId,
          }),
        );
        aborted += 1;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
    return aborted;
  }
}
