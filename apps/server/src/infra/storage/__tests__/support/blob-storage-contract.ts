import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
  BlobNotFoundError,
  BlobRangeError,
  BlobTooLargeError,
  InvalidBlobKeyError,
} from '../../blob-errors.js';
import type { BlobStorage } from '../../blob-storage.js';
import { MeteredUpload } from '../../upload-meter.js';
import { bytesFrom, bytesOf, failingAfter, patternBytes, sha256Of } from './blob-data.js';

const MiB = 1024 * 1024;

/** What the suite needs from one adapter under test. */
export interface ContractHarness {
  /** The store under test, opened once for the suite (5 MiB multipart parts for S3). */
  storage(): BlobStorage;
  /** Leftovers of failed writes: temp files, or open multipart uploads; null if the server cannot tell. */
  leftovers: (() => Promise<number>) | null;
  /** Why `leftovers` is null. */
  leftoversUnknownBecause?: string;
  /** JSON spec for write-until-killed.ts, so a child process can open the same store. */
  childSpec(key: string): unknown;
  /** Server behaviours the contract needs that this S3 stand-in lacks, each with its reason. */
  serverGaps?: Partial<Record<'atomicPut' | 'firstByteRange' | 'byteOrder', string>>;
}

const writerScript = fileURLToPath(new URL('./write-until-killed.ts', import.meta.url));

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function textOf(
  storage: BlobStorage,
  key: string,
  range?: { offset: number; length?: number },
) {
  return (await bytesOf(await storage.read(key, range))).toString();
}

/** The behaviour every BlobStorage adapter must show; each test works under its own key prefix. */
export function describeBlobStorageContract(name: string, harness: ContractHarness): void {
  const gaps = harness.serverGaps ?? {};
  const unless = (gap: keyof typeof gaps, title: string) =>
    gaps[gap] ? `${title} (skipped: ${gaps[gap]})` : title;
  const leavingNothing = harness.leftovers
    ? ', leaving nothing behind'
    : ` (leftovers unchecked: ${harness.leftoversUnknownBecause})`;

  describe(`${name}: BlobStorage contract`, { timeout: 60_000 }, () => {
    const store = () => harness.storage();
    const fresh = () => `t-${randomUUID()}`;

    it('round-trips a 12 MiB stream byte for byte (multipart on S3)', async () => {
      const key = `${fresh()}/raw/upload.bin`;
      const written = await store().write(key, patternBytes(12 * MiB));
      expect(written).toEqual({ key, size: 12 * MiB });
      expect(await sha256Of(await store().read(key))).toBe(await sha256Of(patternBytes(12 * MiB)));
      expect((await store().stat(key))?.size).toBe(12 * MiB);
    });

    it('stores and reads back a 0-byte blob', async () => {
      const key = `${fresh()}/empty.csv`;
      expect(await store().write(key, patternBytes(0))).toEqual({ key, size: 0 });
      expect((await bytesOf(await store().read(key))).length).toBe(0);
      expect((await store().stat(key))?.size).toBe(0);
    });

    it('replaces the blob on a second write to the same key', async () => {
      const key = `${fresh()}/data.csv`;
      await store().write(key, bytesFrom('first version'));
      await store().write(key, bytesFrom('second'));
      expect(await textOf(store(), key)).toBe('second');
    });

    it(`a source failing midway rethrows its error and keeps the old blob${leavingNothing}`, async () => {
      const key = `${fresh()}/data.bin`;
      await store().write(key, bytesFrom('old'));
      const dropped = new Error('client went away');
      await expect(
        store().write(key, failingAfter(patternBytes(12 * MiB), 11 * MiB, dropped)),
      ).rejects.toBe(dropped);
      expect(await textOf(store(), key)).toBe('old');
      if (harness.leftovers) expect(await harness.leftovers()).toBe(0);
    });

    it('a source failing midway never makes the key visible', async () => {
      const key = `${fresh()}/never.bin`;
      await expect(
        store().write(key, failingAfter(patternBytes(12 * MiB), 3 * MiB, new Error('dropped'))),
      ).rejects.toThrow('dropped');
      expect(await store().stat(key)).toBeNull();
      await expect(store().read(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it(`stops at the size limit with BlobTooLargeError, keeping no blob${leavingNothing}`, async () => {
      const key = `${fresh()}/big.bin`;
      const upload = new MeteredUpload(patternBytes(7 * MiB), 6 * MiB);
      const failure = await store()
        .write(key, upload)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BlobTooLargeError);
      expect((failure as BlobTooLargeError).status).toBe(413);
      expect(await store().stat(key)).toBeNull();
      if (harness.leftovers) expect(await harness.leftovers()).toBe(0);
    });

    it('hashes what it stores: sha256 and size match the bytes read back', async () => {
      const key = `${fresh()}/hashed.bin`;
      const upload = new MeteredUpload(patternBytes(6 * MiB, 42), 6 * MiB);
      await store().write(key, upload);
      expect(upload.result()).toEqual({
        bytes: 6 * MiB,
        sha256: await sha256Of(await store().read(key)),
      });
    });

    it.skipIf(gaps.atomicPut)(
      unless('atomicPut', 'concurrent writes to one key end with one whole blob'),
      async () => {
        const key = `${fresh()}/race.bin`;
        const contents = [1, 2, 3].map((fill) => Buffer.alloc(6 * MiB, fill));
        async function* chunked(buffer: Buffer) {
          for (let at = 0; at < buffer.length; at += 256 * 1024) {
            yield buffer.subarray(at, at + 256 * 1024);
          }
        }
        await Promise.all(contents.map((content) => store().write(key, chunked(content))));
        const stored = await bytesOf(await store().read(key));
        expect(contents.some((content) => content.equals(stored))).toBe(true);
        if (harness.leftovers) expect(await harness.leftovers()).toBe(0);
      },
    );

    describe('range reads', () => {
      const alphabet = 'abcdefghijklmnopqrstuvwxyz';
      let key = '';
      const ranged = async (offset: number, length?: number) =>
        textOf(store(), key, { offset, length });

      it('returns the bytes asked for, clipped to the end', async () => {
        key = `${fresh()}/letters.txt`;
        await store().write(key, bytesFrom(alphabet));
        expect(await ranged(10, 5)).toBe('klmno');
        expect(await ranged(23)).toBe('xyz');
        expect(await ranged(20, 100)).toBe('uvwxyz');
        expect(await ranged(26)).toBe('');
        expect(await ranged(4, 0)).toBe('');
      });

      it.skipIf(gaps.firstByteRange)(
        unless('firstByteRange', 'reads the first byte alone'),
        async () => {
          expect(await ranged(0, 1)).toBe('a');
        },
      );

      it('rejects a range starting past the end, and ranges of absent blobs', async () => {
        await expect(store().read(key, { offset: 27 })).rejects.toBeInstanceOf(BlobRangeError);
        await expect(store().read(key, { offset: -1 })).rejects.toBeInstanceOf(RangeError);
        await expect(
          store().read(`${fresh()}/absent`, { offset: 2, length: 3 }),
        ).rejects.toBeInstanceOf(BlobNotFoundError);
      });
    });

    it('stats a blob and answers null for an absent key', async () => {
      const key = `${fresh()}/stat.txt`;
      await store().write(key, bytesFrom('12345'));
      const found = await store().stat(key);
      expect(found).toMatchObject({ key, size: 5 });
      expect(Math.abs(found!.modifiedAt.getTime() - Date.now())).toBeLessThan(60 * 60 * 1000);
      expect(await store().stat(`${fresh()}/absent`)).toBeNull();
    });

    it('deletes a blob; deleting an absent key is fine', async () => {
      const prefix = fresh();
      await store().write(`${prefix}/a`, bytesFrom('a'));
      await store().write(`${prefix}/b`, bytesFrom('b'));
      await store().delete(`${prefix}/a`);
      await store().delete(`${prefix}/a`);
      await store().delete(`${fresh()}/never-written`);
      expect(await store().stat(`${prefix}/a`)).toBeNull();
      await expect(store().read(`${prefix}/a`)).rejects.toBeInstanceOf(BlobNotFoundError);
      const left = await store().listPage(`${prefix}/`);
      expect(left.blobs.map((blob) => blob.key)).toEqual([`${prefix}/b`]);
    });

    it('lists by prefix in key order, a page at a time', async () => {
      const prefix = fresh();
      const keys = ['f1', 'f2', 'f3', 'a1', 'a2', 'b0', 'sub/deep/x.parquet'].map(
        (suffix) => `${prefix}/p/${suffix}`,
      );
      for (const key of keys) await store().write(key, bytesFrom(key));
      await store().write(`${prefix}/pz/x`, bytesFrom('not under p/'));
      const sorted = [...keys].sort();

      const first = await store().listPage(`${prefix}/p/`, { limit: 3 });
      expect(first.blobs.map((blob) => blob.key)).toEqual(sorted.slice(0, 3));
      expect(first.nextCursor).toBe(sorted[2]);
      const second = await store().listPage(`${prefix}/p/`, {
        limit: 3,
        startAfter: first.nextCursor!,
      });
      expect(second.blobs.map((blob) => blob.key)).toEqual(sorted.slice(3, 6));
      const last = await store().listPage(`${prefix}/p/`, {
        limit: 3,
        startAfter: second.nextCursor!,
      });
      expect(last).toMatchObject({
        blobs: [{ key: sorted[6], size: sorted[6]!.length }],
        nextCursor: null,
      });

      const all: string[] = [];
      for await (const blob of store().list(`${prefix}/p`, { pageSize: 2 })) all.push(blob.key);
      expect(all).toEqual([...sorted, `${prefix}/pz/x`].sort());
      const partial = await store().listPage(`${prefix}/p/f`);
      expect(partial.blobs.map((blob) => blob.key)).toEqual(
        sorted.filter((key) => key.includes('/p/f')),
      );
      expect((await store().listPage(`${fresh()}/`)).blobs).toEqual([]);
    });

    it.skipIf(gaps.byteOrder)(
      unless('byteOrder', 'lists in byte order across folders, as S3 does ("a-b" < "a/b" < "a0")'),
      async () => {
        const prefix = fresh();
        const keys = ['a0', 'a/b', 'a-b'].map((suffix) => `${prefix}/${suffix}`);
        for (const key of keys) await store().write(key, bytesFrom(key));
        const page = await store().listPage(`${prefix}/`, { limit: 2 });
        expect(page.blobs.map((blob) => blob.key)).toEqual([keys[2], keys[1]]);
        const rest = await store().listPage(`${prefix}/`, { startAfter: page.nextCursor! });
        expect(rest.blobs.map((blob) => blob.key)).toEqual([keys[0]]);
      },
    );

    it('rejects unsafe keys before touching storage', async () => {
      const bad = [
        '../escape',
        '/etc/passwd',
        'a//b',
        'a/./b',
        'a/../b',
        '.hidden',
        'a/',
        'a\\b',
        'a b',
        'ü',
        'a\u0000b',
        '',
      ];
      for (const key of bad) {
        await expect(store().write(key, bytesFrom('x')), key).rejects.toBeInstanceOf(
          InvalidBlobKeyError,
        );
        await expect(store().read(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store().stat(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store().delete(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      await expect(store().listPage('../')).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store().withLocalFile('../x', async () => 1)).rejects.toBeInstanceOf(
        InvalidBlobKeyError,
      );
    });

    it('hands DuckDB a local file path holding the blob', async () => {
      const key = `${fresh()}/penguins.csv`;
      await store().write(key, bytesFrom('species,mass\nAdelie,3750\nGentoo,5000\nAdelie,3800\n'));
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        const rows = await store().withLocalFile(key, async (filePath) => {
          expect(filePath.endsWith('penguins.csv')).toBe(true);
          const reader = await connection.runAndReadAll(
            `SELECT species, count(*)::INTEGER AS n FROM read_csv('${filePath.replaceAll("'", "''")}') GROUP BY species ORDER BY species`,
          );
          return reader.getRowsJS();
        });
        expect(rows).toEqual([
          ['Adelie', 2],
          ['Gentoo', 1],
        ]);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
      await expect(
        store().withLocalFile(`${fresh()}/absent.csv`, async () => 1),
      ).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it.skipIf(!harness.leftovers)(
      harness.leftovers
        ? 'a writer killed midway leaves nothing under the key, and the startup sweep clears its leftovers'
        : `a writer killed midway (skipped: ${harness.leftoversUnknownBecause})`,
      async () => {
        const key = `${fresh()}/killed.bin`;
        const before = await harness.leftovers!();
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', writerScript, JSON.stringify(harness.childSpec(key))],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
          await waitFor(
            async () => child.exitCode !== null || (await harness.leftovers!()) > before,
            'the child to start writing',
          );
          expect(child.exitCode, stderr).toBeNull();
        } finally {
          child.kill('SIGKILL');
          await exited;
        }
        expect(await store().stat(key)).toBeNull();
        expect(await harness.leftovers!()).toBe(before + 1);
        expect(await store().sweepStale(0)).toBeGreaterThanOrEqual(1);
        expect(await harness.leftovers!()).toBe(0);
        expect(await store().stat(key)).toBeNull();
      },
    );
  });
}
