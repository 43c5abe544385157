import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TextEncoding } from './detect-format.js';

/** True when DuckDB can read the bytes as they are (it skips a UTF-8 byte-order mark itself). */
export function isReadableAsUtf8(encoding: TextEncoding): boolean {
  return encoding === 'utf-8' || encoding === 'utf-8-bom';
}

/**
 * Rewrites a UTF-16 or Latin-1 file as UTF-8, chunk by chunk, so memory stays bounded whatever
 * the file size. The byte-order mark is dropped.
 */
export async function transcodeToUtf8(
  sourcePath: string,
  targetPath: string,
  encoding: 'utf-16le' | 'utf-16be' | 'latin1',
): Promise<void> {
  await pipeline(
    createReadStream(sourcePath, { highWaterMark: 1 << 20 }),
    encoding === 'latin1' ? latin1ToUtf8() : utf16ToUtf8(encoding),
    createWriteStream(targetPath),
  );
}

function latin1ToUtf8(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(chunk.toString('latin1'), 'utf8'));
    },
  });
}

function utf16ToUtf8(encoding: 'utf-16le' | 'utf-16be'): Transform {
  // stream: true keeps a code unit or surrogate pair split across chunks for the next chunk.
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      const rest = decoder.decode();
      done(null, rest.length > 0 ? Buffer.from(rest, 'utf8') : undefined);
    },
  });
}
