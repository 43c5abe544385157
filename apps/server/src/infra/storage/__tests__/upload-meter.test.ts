import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlobTooLargeError } from '../blob-errors.js';
import { MeteredUpload } from '../upload-meter.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function drain(upload: MeteredUpload): Promise<string> {
  let text = '';
  for await (const chunk of upload) text += Buffer.from(chunk).toString();
  return text;
}

describe('MeteredUpload', () => {
  it('passes the bytes through and reports their count and SHA-256', async () => {
    const upload = new MeteredUpload(chunks('a', 'b', 'c'), 3);
    expect(await drain(upload)).toBe('abc');
    // FIPS 180-2 test vector for "abc".
    expect(upload.result()).toEqual({
      bytes: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('measures an empty upload', async () => {
    const upload = new MeteredUpload(chunks(), 0);
    expect(await drain(upload)).toBe('');
    expect(upload.result()).toEqual({
      bytes: 0,
      sha256: createHash('sha256').update('').digest('hex'),
    });
  });

  it('fails before passing on the chunk that crosses the limit', async () => {
    const upload = new MeteredUpload(chunks('1234', '5678', '9'), 8);
    const passed: string[] = [];
    const failure = await (async () => {
      for await (const chunk of upload) passed.push(Buffer.from(chunk).toString());
    })().catch((error: unknown) => error);
    expect(passed).toEqual(['1234', '5678']);
    expect(failure).toBeInstanceOf(BlobTooLargeError);
    expect(failure).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      limitBytes: 8,
      message: 'The upload is larger than the limit of 8 bytes (8 bytes).',
    });
    expect(() => upload.result()).toThrow('not been read to its end');
  });

  it('states the limit in readable units', () => {
    expect(new BlobTooLargeError(100 * 1024 * 1024).message).toBe(
      'The upload is larger than the limit of 100 MiB (104857600 bytes).',
    );
    expect(new BlobTooLargeError(1536).message).toContain('1.5 KiB');
  });

  it('stops reading the source once the limit is crossed', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1;
        yield new Uint8Array(1024);
      }
    }
    await expect(drain(new MeteredUpload(endless(), 4096))).rejects.toBeInstanceOf(
      BlobTooLargeError,
    );
    expect(pulled).toBe(5);
  });

  it('refuses to be read twice', async () => {
    const upload = new MeteredUpload(chunks('x'), 10);
    await drain(upload);
    await expect(drain(upload)).rejects.toThrow('read only once');
  });

  it('rejects a negative or fractional limit', () => {
    expect(() => new MeteredUpload(chunks(), -1)).toThrow(RangeError);
    expect(() => new MeteredUpload(chunks(), 1.5)).toThrow(RangeError);
  });
});
