import { randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { assertBlobKey } from './blob-key.js';
import type { PartialBlobState } from './blob-storage.js';

/** Where the bytes of a multipart upload's unfinished last part wait for the next append. */
const TAIL_PREFIX = 'partial-tails/';

interface S3PartialState {
  size: number;
  uploadId: string;
  parts: { n: number; etag: string; size: number }[];
  /** Bytes received after the last full part (S3 parts but the last must be ≥ 5 MiB). */
  tail: { key: string; size: number } | null;
  /** Tails of earlier states: deleted by the next append, once the caller has recorded this state. */
  staleTails: string[];
}

function parseState(state: PartialBlobState): S3PartialState {
  if (typeof state['uploadId'] !== 'string' || !Array.isArray(state['parts'])) {
    throw new Error(`not an S3 partial blob state: ${JSON.stringify(state)}`);
  }
  return state as unknown as S3PartialState;
}

/**
 * A resumable upload as one S3 multipart upload on the final key: each append sends full parts
 * and parks the remainder in a small tail object, so appends of any size fit S3's part rules. The
 * parts list lives in the caller's state, not in ListParts, which some S3-compatible stores lack.
 */
export class S3PartialBlobs {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly partSizeBytes: number,
  ) {}

  async begin(key: string): Promise<PartialBlobState> {
    assertBlobKey(key);
    const created = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }),
    );
    const state: S3PartialState = {
      size: 0,
      uploadId: created.UploadId!,
      parts: [],
      tail: null,
      staleTails: [],
    };
    return { ...state };
  }

  async append(key: string, given: PartialBlobState, source: AsyncIterable<Uint8Array>) {
    const state = parseState(given);
    await Promise.all(state.staleTails.map((tail) => this.deleteObject(tail)));
    const parts = [...state.parts];
    let pending: Buffer[] = state.tail ? [await this.readObject(state.tail.key)] : [];
    let pendingBytes = state.tail?.size ?? 0;
    let error: unknown = null;
    try {
      for await (const chunk of source) {
        pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        pendingBytes += chunk.byteLength;
        while (pendingBytes >= this.partSizeBytes) {
          const joined = Buffer.concat(pending);
          pending = [joined];
          parts.push(
            await this.uploadPart(
              key,
              state.uploadId,
              parts.length + 1,
              joined.subarray(0, this.partSizeBytes),
            ),
          );
          pending = [joined.subarray(this.partSizeBytes)];
          pendingBytes -= this.partSizeBytes;
        }
      }
    } catch (sourceOrPartError) {
      error = sourceOrPartError;
    }
    // Whatever arrived but fills no whole part waits in a fresh tail; the old one is still the
    // caller's recorded state until it stores this one.
    const tail = pendingBytes > 0 ? await this.writeTail(Buffer.concat(pending)) : null;
    const next: S3PartialState = {
      size: parts.reduce((sum, part) => sum + part.size, 0) + pendingBytes,
      uploadId: state.uploadId,
      parts,
      tail,
      staleTails: state.tail ? [state.tail.key] : [],
    };
    return { state: { ...next } as PartialBlobState, error };
  }

  async complete(key: string, given: PartialBlobState): Promise<void> {
    const state = parseState(given);
    const parts = [...state.parts];
    if (state.tail) {
      const last = await this.readObject(state.tail.key);
      parts.push(await this.uploadPart(key, state.uploadId, parts.length + 1, last));
    }
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: state.uploadId,
        MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.n, ETag: part.etag })) },
      }),
    );
    await this.deleteTails(state);
  }

  async abort(key: string, given: PartialBlobState): Promise<void> {
    const state = parseState(given);
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: state.uploadId,
        }),
      );
    } catch (error) {
      // Gone already, or a store that cannot abort (its own expiry has to do then).
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : 0;
      if (status !== 404 && status !== 405 && status !== 501) throw error;
    }
    await this.deleteTails(state);
  }

  /** Deletes tails written longer ago than `olderThanMs` (each append writes a new one); returns how many. */
  async sweepTails(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: TAIL_PREFIX,
          ContinuationToken: token,
        }),
      );
      const stale = (page.Contents ?? []).filter(
        (object) => object.Key && object.LastModified && object.LastModified.getTime() <= cutoff,
      );
      await Promise.all(stale.map((object) => this.deleteObject(object.Key!)));
      removed += stale.length;
      token = page.NextContinuationToken;
    } while (token);
    return removed;
  }

  private async uploadPart(key: string, uploadId: string, n: number, body: Buffer) {
    const sent = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: n,
        Body: body,
        ContentLength: body.byteLength,
      }),
    );
    return { n, etag: sent.ETag!, size: body.byteLength };
  }

  private async writeTail(bytes: Buffer) {
    const key = `${TAIL_PREFIX}${randomUUID()}`;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentLength: bytes.byteLength,
      }),
    );
    return { key, size: bytes.byteLength };
  }

  private async readObject(key: string): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  private async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  private async deleteTails(state: S3PartialState): Promise<void> {
    const tails = [...state.staleTails, ...(state.tail ? [state.tail.key] : [])];
    await Promise.all(tails.map((tail) => this.deleteObject(tail)));
  }
}
