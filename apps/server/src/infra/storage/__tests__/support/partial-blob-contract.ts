import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobStorage } from '../../blob-storage.js';
import { bytesOf, failingAfter, patternBytes } from './blob-data.js';

const MiB = 1024 * 1024;
const DAY = 24 * 60 * 60 * 1000;

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function* slice(bytes: Buffer, from: number, to: number): AsyncGenerator<Uint8Array> {
  for (let at = from; at < to; at += 64 * 1024)
    yield bytes.subarray(at, Math.min(to, at + 64 * 1024));
}

/** Resumable (partial) blobs: the same behaviour from every adapter (S3 with 5 MiB parts). */
/** Server behaviours this suite needs that an S3 stand-in lacks, each with its reason. */
interface PartialBlobGaps {
  readonly uploadAge?: string;
}

export function describePartialBlobContract(
  name: string,
  storage: () => BlobStorage,
  gaps: PartialBlobGaps = {},
) {
  describe(`${name}: partial blobs`, () => {
    it('joins appends of any size into one blob, visible only once completed', async () => {
      const key = `partial/${randomUUID()}`;
      const data = await collect(patternBytes(11 * MiB + 123, 7));
      const cuts = [0, 3 * MiB + 1, 3 * MiB + 2, 8 * MiB, data.length];
      let state = await storage().beginPartial(key);
      for (let i = 1; i < cuts.length; i += 1) {
        const appended = await storage().appendPartial(
          key,
          state,
          slice(data, cuts[i - 1]!, cuts[i]!),
        );
        expect(appended.error).toBeNull();
        state = appended.state;
        expect(state.size).toBe(cuts[i]);
      }
      expect(await storage().stat(key)).toBeNull();
      await storage().completePartial(key, state);
      expect((await bytesOf(await storage().read(key))).equals(data)).toBe(true);
    });

    it('keeps the bytes that arrived before the source failed, and goes on from there', async () => {
      const key = `partial/${randomUUID()}`;
      const data = await collect(patternBytes(6 * MiB, 3));
      const dropped = new Error('client went away');
      const first = await storage().appendPartial(
        key,
        await storage().beginPartial(key),
        failingAfter(slice(data, 0, data.length), 2 * MiB, dropped),
      );
      expect(first.error).toBe(dropped);
      expect(first.state.size).toBe(2 * MiB);
      const rest = await storage().appendPartial(
        key,
        first.state,
        slice(data, 2 * MiB, data.length),
      );
      await storage().completePartial(key, rest.state);
      expect((await bytesOf(await storage().read(key))).equals(data)).toBe(true);
    });

    it('drops bytes appended after the state it is given (an append whose state was never recorded)', async () => {
      const key = `partial/${randomUUID()}`;
      const begun = await storage().beginPartial(key);
      const recorded = await storage().appendPartial(key, begun, slice(Buffer.from('abc'), 0, 3));
      await storage().appendPartial(key, recorded.state, slice(Buffer.from('LOST'), 0, 4));
      const resumed = await storage().appendPartial(
        key,
        recorded.state,
        slice(Buffer.from('def'), 0, 3),
      );
      await storage().completePartial(key, resumed.state);
      expect((await bytesOf(await storage().read(key))).toString()).toBe('abcdef');
    });

    it('leaves nothing under the key when aborted', async () => {
      const key = `partial/${randomUUID()}`;
      const begun = await storage().beginPartial(key);
      const appended = await storage().appendPartial(key, begun, slice(Buffer.from('xyz'), 0, 3));
      await storage().abortPartial(key, appended.state);
      expect(await storage().stat(key)).toBeNull();
    });

    it.skipIf(gaps.uploadAge)(
      gaps.uploadAge
        ? `the stale sweep keeps a live partial (skipped: ${gaps.uploadAge})`
        : 'the stale sweep keeps a partial touched within the partial lifetime',
      async () => {
        const key = `partial/${randomUUID()}`;
        const begun = await storage().beginPartial(key);
        const live = await storage().appendPartial(key, begun, slice(Buffer.from('abc'), 0, 3));
        await storage().sweepStale(DAY);
        await storage().completePartial(key, live.state);
        expect((await bytesOf(await storage().read(key))).toString()).toBe('abc');
      },
    );

    it('the stale sweep frees a partial no session will finish or abort', async () => {
      // Its session went (expired, or deleted with its org, project, dataset or user).
      const key = `partial/${randomUUID()}`;
      const orphan = await storage().appendPartial(
        key,
        await storage().beginPartial(key),
        slice(Buffer.from('orphan'), 0, 6),
      );
      expect(await storage().sweepStale(DAY, 0)).toBeGreaterThanOrEqual(1);
      await expect(storage().completePartial(key, orphan.state)).rejects.toThrow();
      expect(await storage().stat(key)).toBeNull();
      // The expiry job may still abort what the sweep already freed.
      await storage().abortPartial(key, orphan.state);
    });
  });
}
