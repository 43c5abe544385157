import { describe, expect, it } from 'vitest';
import type { PredictionLogRow } from '../monitoring.repository.js';
import { PredictionLogWriter } from '../prediction-log-writer.js';

const row = (recordIndex: number) => ({ recordIndex }) as PredictionLogRow;

describe('prediction log writer', () => {
  it('writes in batches of at most batchRows, in order', async () => {
    const batches: number[][] = [];
    const writer = new PredictionLogWriter({
      flushIntervalMs: 60_000,
      batchRows: 3,
      maxBufferedRows: 100,
      insert: async (rows) => void batches.push(rows.map((r) => r.recordIndex)),
      onError: () => {},
    });
    writer.append([0, 1].map(row));
    expect(batches).toEqual([]);
    writer.append([2, 3, 4, 5, 6].map(row));
    await writer.close();
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    expect(writer.written).toBe(7);
  });

  it('lets other work run between the batches of a backlog', async () => {
    const events: string[] = [];
    const writer = new PredictionLogWriter({
      flushIntervalMs: 60_000,
      batchRows: 2,
      maxBufferedRows: 100,
      // Synchronous inside, like embedded PGlite: nothing else runs until the promise settles.
      insert: async (rows) => void events.push(`batch ${rows[0]!.recordIndex}`),
      onError: () => {},
    });
    writer.append([0].map(row));
    const flushed = writer.flush();
    writer.append([1, 2, 3, 4].map(row));
    setImmediate(() => events.push('request'));
    await flushed;
    await writer.close();
    expect(events).toEqual(['batch 0', 'batch 1', 'request', 'batch 3']);
  });

  it('drops the oldest rows and counts them while the database is slow, never waiting', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const written: number[] = [];
    const writer = new PredictionLogWriter({
      flushIntervalMs: 60_000,
      batchRows: 2,
      maxBufferedRows: 4,
      insert: async (rows) => {
        await blocked;
        written.push(...rows.map((r) => r.recordIndex));
      },
      onError: () => {},
    });
    writer.append([0, 1].map(row)); // starts a write that hangs
    writer.append([2, 3, 4, 5, 6, 7].map(row)); // 6 waiting, room for 4
    expect(writer.dropped).toBe(2);
    release();
    await writer.close();
    expect(written).toEqual([0, 1, 4, 5, 6, 7]);
  });

  it('counts the rows of a failed write as dropped and reports the error', async () => {
    const errors: unknown[] = [];
    const writer = new PredictionLogWriter({
      flushIntervalMs: 60_000,
      batchRows: 10,
      maxBufferedRows: 100,
      insert: () => Promise.reject(new Error('database down')),
      onError: (error) => errors.push(error),
    });
    writer.append([0, 1, 2].map(row));
    await writer.close();
    expect(writer.dropped).toBe(3);
    expect(errors).toHaveLength(1);
  });
});
