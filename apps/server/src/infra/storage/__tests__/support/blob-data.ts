import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** `totalBytes` of deterministic, incompressible-looking bytes in 64 KiB chunks (xorshift32). */
export async function* patternBytes(totalBytes: number, seed = 1): AsyncGenerator<Uint8Array> {
  let state = seed >>> 0 || 1;
  for (let sent = 0; sent < totalBytes;) {
    const chunk = new Uint8Array(Math.min(64 * 1024, totalBytes - sent));
    for (let i = 0; i < chunk.length; i += 1) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      chunk[i] = state & 0xff;
    }
    sent += chunk.length;
    yield chunk;
  }
}

export async function sha256Of(source: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk);
  return hash.digest('hex');
}

export async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Yields `source` until `failAfterBytes` have gone by, then fails as a dropped client would. */
export async function* failingAfter(
  source: AsyncIterable<Uint8Array>,
  failAfterBytes: number,
  error: Error,
): AsyncGenerator<Uint8Array> {
  let sent = 0;
  for await (const chunk of source) {
    yield chunk;
    sent += chunk.byteLength;
    if (sent >= failAfterBytes) throw error;
  }
}

export async function* bytesFrom(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}
