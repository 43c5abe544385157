import type { IncomingHttpHeaders } from 'node:http';
import { AppError, ValidationError } from '../../../http/errors.js';

/** The tus protocol version spoken here, and the extensions implemented (tus.io/protocols/resumable-upload). */
export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,termination,expiration';
export const TUS_CONTENT_TYPE = 'application/offset+octet-stream';

/** A request without `Tus-Resumable: 1.0.0`: tus answers 412 and names the versions it speaks. */
export class TusVersionError extends AppError {
  readonly status = 412;
  readonly code = 'tus_version_unsupported';
  readonly title = 'Unsupported tus version';
  constructor(sent: string | undefined) {
    super(
      `Tus-Resumable: ${sent === undefined ? 'is missing' : `${JSON.stringify(sent)} is not supported`}; send "Tus-Resumable: ${TUS_VERSION}".`,
      {
        errors: [{ field: 'Tus-Resumable', message: `must be ${TUS_VERSION}` }],
        headers: { 'tus-version': TUS_VERSION, 'tus-resumable': TUS_VERSION },
      },
    );
  }
}

/** The upload's expiry passed: its bytes are (or are about to be) freed. */
export class UploadExpiredError extends AppError {
  readonly status = 410;
  readonly code = 'upload_expired';
  readonly title = 'Upload expired';
}

export function assertTusResumable(headers: IncomingHttpHeaders): void {
  const sent = headers['tus-resumable'];
  if (sent !== TUS_VERSION) throw new TusVersionError(sent as string | undefined);
}

/** A non-negative integer header (`Upload-Length`, `Upload-Offset`). */
export function byteCountHeader(headers: IncomingHttpHeaders, name: string): number {
  const raw = headers[name.toLowerCase()];
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) {
    throw ValidationError.field(name, 'is required: a non-negative integer number of bytes');
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw ValidationError.field(name, 'is too large');
  return value;
}

/**
 * `Upload-Metadata`: comma-separated `key base64value` pairs (the value may be absent). Keys are
 * ASCII without spaces or commas and unique.
 */
export function parseUploadMetadata(header: string | string[] | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  if (header === undefined || header === '') return pairs;
  if (typeof header !== 'string') throw ValidationError.field('Upload-Metadata', 'is sent twice');
  for (const pair of header.split(',')) {
    const [key, value, extra] = pair.trim().split(' ');
    if (!key || !/^[\x21-\x2b\x2d-\x7e]+$/.test(key) || extra !== undefined) {
      throw ValidationError.field(
        'Upload-Metadata',
        `has a malformed pair ${JSON.stringify(pair.trim())}; send "key base64value" pairs separated by commas`,
      );
    }
    if (key in pairs) throw ValidationError.field('Upload-Metadata', `names ${key} twice`);
    if (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw ValidationError.field('Upload-Metadata', `${key}: the value must be base64`);
    }
    pairs[key] = Buffer.from(value ?? '', 'base64').toString('utf8');
  }
  return pairs;
}

/** A PATCH whose body is not `application/offset+octet-stream`. */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  readonly title = 'Unsupported media type';
}
