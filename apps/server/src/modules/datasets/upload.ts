import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { uuidv7 } from '@aistudio/db';
import { AppError, PayloadTooLargeError, ValidationError } from '../../http/errors.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { MeteredUpload } from '../../infra/storage/upload-meter.js';
import { MAX_METADATA_CHARS, type MetadataFile } from '../governance/license-detection.js';

/** The uploaded file, already in storage under a fresh key. */
export interface StagedFile {
  readonly storageKey: string;
  /** The client's file name, cleaned for display; never used as a path. */
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** The text fields, the one data file and the metadata files of a multipart upload. */
export interface ReceivedUpload {
  readonly fields: Readonly<Record<string, string>>;
  readonly file: StagedFile;
  /** `datapackage.json`, a dataset card, a LICENSE: what the data says about its licence. */
  readonly metadata: readonly MetadataFile[];
}

const MAX_METADATA_FILES = 5;
const FIELD_LIMITS = {
  fields: 10,
  fieldSize: 16_384,
  // One file more than allowed, so the count check below names the field instead of busboy.
  files: 2 + MAX_METADATA_FILES,
  parts: 13 + MAX_METADATA_FILES,
} as const;

/**
 * Reads a multipart upload: text fields, up to five small `metadata` files read into memory, and
 * the `file` part streamed straight into storage while it is counted and hashed (never buffered
 * whole), failing with 413 past `maxBytes`. The caller owns the staged blob: it must keep it (by
 * recording it) or delete it.
 */
export async function receiveUpload(
  request: FastifyRequest,
  storage: BlobStorage,
  options: { readonly orgId: string; readonly maxBytes: number },
): Promise<ReceivedUpload> {
  let file: StagedFile | null = null;
  try {
    const form = await readUploadForm(request, options.maxBytes, async (part) => {
      if (file)
        throw ValidationError.field('file', 'is sent twice; upload one data file at a time');
      const storageKey = `orgs/${options.orgId}/uploads/${uuidv7()}`;
      const metered = new MeteredUpload(part.file, options.maxBytes);
      // Recorded before writing, so a failure midway still cleans up the key.
      file = { storageKey, fileName: displayName(part.filename), sizeBytes: 0, sha256: '' };
      await storage.write(storageKey, metered);
      const { bytes, sha256 } = metered.result();
      if (bytes === 0) throw ValidationError.field('file', 'is empty (0 bytes)');
      file = { ...file, sizeBytes: bytes, sha256 };
    });
    if (!file) throw ValidationError.field('file', 'is missing; send the data as the `file` part');
    return { ...form, file };
  } catch (error) {
    const staged = file as StagedFile | null;
    if (staged) await storage.delete(staged.storageKey).catch(() => undefined);
    throw error;
  }
}

/**
 * The text fields and `metadata` files of the request that finishes a resumable upload: the
 * same form as a multipart upload without its `file` part (the data came in tus PATCHes).
 */
export function receiveUploadFields(
  request: FastifyRequest,
): Promise<Omit<ReceivedUpload, 'file'>> {
  return readUploadForm(request, MAX_METADATA_CHARS, null);
}

async function readUploadForm(
  request: FastifyRequest,
  maxFileBytes: number,
  onFile: ((part: MultipartFile) => Promise<void>) | null,
): Promise<Omit<ReceivedUpload, 'file'>> {
  if (!request.isMultipart()) {
    throw ValidationError.field(
      'body',
      onFile
        ? 'must be multipart/form-data with a `file` part and the text fields'
        : 'must be multipart/form-data with the text fields (and any `metadata` files)',
    );
  }
  const fields: Record<string, string> = {};
  const metadata: MetadataFile[] = [];
  try {
    for await (const part of request.parts({
      limits: { ...FIELD_LIMITS, fileSize: maxFileBytes + 1 },
    })) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string')
          throw ValidationError.field(part.fieldname, 'must be text');
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname === 'metadata') {
        if (metadata.length === MAX_METADATA_FILES) {
          throw ValidationError.field(
            'metadata',
            `at most ${MAX_METADATA_FILES} metadata files may come with one upload`,
          );
        }
        const name = displayName(part.filename);
        metadata.push({ name, text: await readText(part.file, name) });
        continue;
      }
      if (part.fieldname === 'file' && !onFile) {
        throw ValidationError.field(
          'file',
          'is already uploaded (resumably); send only the text fields and `metadata` files',
        );
      }
      if (part.fieldname !== 'file') {
        throw ValidationError.field(
          part.fieldname,
          'is not expected; send the data as the `file` part and licence files as `metadata` parts',
        );
      }
      await onFile!(part);
    }
  } catch (error) {
    throw asClientError(error);
  }
  return { fields, metadata };
}

/** A metadata file as UTF-8 text; anything past the limit is not a licence, card or data package. */
async function readText(stream: AsyncIterable<Buffer>, name: string): Promise<string> {
  const tooLarge = () =>
    PayloadTooLargeError.field(
      'metadata',
      `${name} is over ${MAX_METADATA_CHARS} bytes; attach only datapackage.json, a dataset card or a LICENSE text`,
    );
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += chunk.length;
      if (bytes > MAX_METADATA_CHARS) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    // Multipart's own per-part cap (the data file's limit) may cut a metadata file off first.
    if ((error as { statusCode?: unknown }).statusCode === 413) throw tooLarge();
    throw error;
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/** The last path segment of a client file name, without control characters, at most 255 chars. */
export function displayName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean === '.' || clean === '..' ? '' : clean).slice(0, 255) || 'upload';
}

// Busboy reports a cut-off or malformed body as a plain Error: that is the client's fault.
function asClientError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  if (error instanceof Error && /multipart|part terminated|unexpected end/i.test(error.message)) {
    return ValidationError.field('body', `is not a complete multipart body (${error.message})`);
  }
  return error;
}
