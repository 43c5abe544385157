import { createHash, type Hash } from 'node:crypto';
import { BlobTooLargeError } from './blob-errors.js';

/** What flowed through a MeteredUpload: its byte count and SHA-256 (hex). */
export interface UploadMeasure {
  bytes: number;
  sha256: string;
}

/**
 * Wraps an upload stream so that it is counted and hashed as it flows to storage, and fails with
 * BlobTooLargeError before the first byte past `limitBytes` is passed on:
 *
 *   const upload = new MeteredUpload(file, limitBytes);
 *   await storage.write(key, upload); // a failure here keeps nothing
 *   const { bytes, sha256 } = upload.result();
 */
export class MeteredUpload implements AsyncIterable<Uint8Array> {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private measure: UploadMeasure | null = null;
  private started = false;

  constructor(
    private readonly source: AsyncIterable<Uint8Array>,
    readonly limitBytes: number,
  ) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 0) {
      throw new RangeError(`limitBytes must be a non-negative integer, got ${limitBytes}`);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    // A second pass would hash the bytes twice.
    if (this.started) throw new Error('a MeteredUpload can be read only once');
    this.started = true;
    for await (const chunk of this.source) {
      this.bytes += chunk.byteLength;
      if (this.bytes > this.limitBytes) throw new BlobTooLargeError(this.limitBytes);
      this.hash.update(chunk);
      yield chunk;
    }
    this.measure = { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Size and hash of the whole upload; throws until the source has been read to its end. */
  result(): UploadMeasure {
    if (!this.measure) throw new Error('the upload has not been read to its end yet');
    return this.measure;
  }
}
