import type { Readable } from 'node:stream';

/** What a stored blob is: its key, size in bytes and last write time. */
export interface BlobStat {
  key: string;
  size: number;
  modifiedAt: Date;
}

/** A byte range: `length` bytes from `offset`, or to the end when `length` is absent. */
export interface ByteRange {
  offset: number;
  length?: number;
}

/**
 * How long a partial blob may go untouched: resumable uploads expire within it, so an older one
 * belongs to no live upload (its session expired, or went with its org, project, dataset or user).
 */
export const PARTIAL_BLOB_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** An adapter's JSON record of a partial blob (kept by the caller between requests) and its size. */
export type PartialBlobState = { readonly size: number } & Readonly<Record<string, unknown>>;

export interface BlobPage {
  blobs: BlobStat[];
  /** Pass as `startAfter` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ListOptions {
  /** Most blobs per page (default 1,000, S3's own maximum). */
  limit?: number;
  /** Only keys after this one: the previous page's `nextCursor`. */
  startAfter?: string;
}

/**
 * Where dataset and model files live: a local directory when embedded, an S3-compatible bucket at
 * scale. Keys are built by the app, never from user file names (see blob-key.ts). A key and the
 * "folder" of another key (`a` and `a/b`) must not both be used: the local adapter maps keys to paths.
 */
export interface BlobStorage {
  /**
   * Streams `source` under `key`, replacing any blob there. Atomic: readers see the old blob or the
   * whole new one, never part of it, even when `source` fails midway or the process dies; a failed
   * write rethrows the source's own error and keeps nothing. Concurrent writes: the last one wins.
   */
  write(key: string, source: AsyncIterable<Uint8Array>): Promise<{ key: string; size: number }>;
  /** The blob's bytes (or a range of them); BlobNotFoundError when absent, BlobRangeError past the end. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Size and write time, or null when there is no blob under `key`. */
  stat(key: string): Promise<BlobStat | null>;
  /** Removes the blob; deleting an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** One page of the blobs whose keys start with `prefix`, in ascending key order. */
  listPage(prefix: string, options?: ListOptions): Promise<BlobPage>;
  /** Every blob whose key starts with `prefix`, fetched a page at a time. */
  list(prefix: string, options?: { pageSize?: number }): AsyncIterable<BlobStat>;
  /**
   * Runs `fn` with a local file path holding the blob (DuckDB reads paths, and its httpfs extension
   * cannot be installed offline). The path is valid only during `fn` and must not be written to.
   */
  withLocalFile<T>(key: string, fn: (filePath: string) => Promise<T>): Promise<T>;
  /** Starts a blob that will arrive in pieces (a resumable upload) and become `key` when completed. */
  beginPartial(key: string): Promise<PartialBlobState>;
  /**
   * Appends the source's bytes after the `state.size` bytes already received, durably. Bytes that
   * arrived before the source failed are kept: the answer carries the new state and the source's
   * error (null when it ended cleanly). Bytes past `state.size` that a crashed append left are dropped.
   */
  appendPartial(
    key: string,
    state: PartialBlobState,
    source: AsyncIterable<Uint8Array>,
  ): Promise<{ state: PartialBlobState; error: unknown }>;
  /** Makes the received bytes the blob under `key`, atomically, and frees the pieces. */
  completePartial(key: string, state: PartialBlobState): Promise<void>;
  /** Frees the pieces of a partial blob that will not be completed; nothing appears under `key`. */
  abortPartial(key: string, state: PartialBlobState): Promise<void>;
  /**
   * Removes what writers that died left behind (temp files, open multipart uploads) older than
   * `olderThanMs`, and partial blobs untouched for `partialsOlderThanMs`; returns how many.
   */
  sweepStale(olderThanMs: number, partialsOlderThanMs?: number): Promise<number>;
  close(): Promise<void>;
}

/** `list` for any adapter, from its `listPage`. */
export async function* listAllPages(
  storage: Pick<BlobStorage, 'listPage'>,
  prefix: string,
  pageSize?: number,
): AsyncGenerator<BlobStat> {
  let startAfter: string | undefined;
  do {
    const page = await storage.listPage(prefix, { limit: pageSize, startAfter });
    yield* page.blobs;
    startAfter = page.nextCursor ?? undefined;
  } while (startAfter !== undefined);
}

/** Checks a range's numbers; adapters then clip `length` to the blob's end. */
export function assertByteRange(range: ByteRange): void {
  const { offset, length } = range;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`range offset must be a non-negative integer, got ${offset}`);
  }
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 0)) {
    throw new RangeError(`range length must be a non-negative integer, got ${length}`);
  }
}

export const DEFAULT_LIST_LIMIT = 1000;
