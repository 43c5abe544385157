import { InvalidBlobKeyError } from './blob-errors.js';

/** S3 allows 1,024 bytes; keys here are ASCII, so characters and bytes agree. */
const MAX_KEY_LENGTH = 1024;
/** Longest file name most filesystems accept, since the local adapter maps segments to names. */
const MAX_SEGMENT_LENGTH = 255;
// A leading letter or digit rules out ".", "..", hidden files (the local adapter's temp names
// start with a dot) and names a shell would read as options.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function segmentProblem(segment: string): string | null {
  if (segment === '') return 'has an empty segment (leading, trailing or doubled "/")';
  if (segment.length > MAX_SEGMENT_LENGTH) {
    return `has a segment longer than ${MAX_SEGMENT_LENGTH} characters`;
  }
  if (!SEGMENT.test(segment)) {
    return `segment ${JSON.stringify(segment)} must start with a letter or digit and use only A-Z a-z 0-9 . _ -`;
  }
  return null;
}

function keyProblem(key: string): string | null {
  if (key.length === 0) return 'is empty';
  if (key.length > MAX_KEY_LENGTH) return `is longer than ${MAX_KEY_LENGTH} characters`;
  for (const segment of key.split('/')) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return null;
}

/**
 * Keys are "/"-separated segments of A-Z a-z 0-9 . _ - (each starting with a letter or digit):
 * no absolute paths, no "." or "..", nothing a filesystem or an S3 console would read differently.
 */
export function assertBlobKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) throw new InvalidBlobKeyError(key, problem);
}

/** A list prefix: empty, or the start of a key (it may end with "/" or in the middle of a segment). */
export function assertBlobPrefix(prefix: string): void {
  if (prefix === '') return;
  const problem = keyProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  if (problem) throw new InvalidBlobKeyError(prefix, problem);
}
