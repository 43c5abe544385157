import { AppError } from '../../http/errors.js';

/** A key the app built breaks the key rules: a bug in the caller, never user input. */
export class InvalidBlobKeyError extends Error {
  override name = 'InvalidBlobKeyError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`blob key ${JSON.stringify(key)}: ${reason}`);
  }
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super(`no blob under key "${key}"`);
  }
}

/** A range that starts past the end of the blob. */
export class BlobRangeError extends Error {
  override name = 'BlobRangeError';
  constructor(key: string, offset: number, size: number) {
    super(`blob "${key}": range starts at byte ${offset} but the blob has ${size} bytes`);
  }
}

/** The local adapter maps keys to paths, so one key cannot also be the folder of another. */
export class BlobKeyConflictError extends Error {
  override name = 'BlobKeyConflictError';
  constructor(readonly key: string) {
    super(`blob key "${key}" collides with another key used as its folder (or inside it)`);
  }
}

/** An upload passed its byte limit while streaming; nothing of it is kept. */
export class BlobTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  readonly title = 'Upload too large';
  constructor(readonly limitBytes: number) {
    super(
      `The upload is larger than the limit of ${formatBytes(limitBytes)} (${limitBytes} bytes).`,
    );
  }
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
