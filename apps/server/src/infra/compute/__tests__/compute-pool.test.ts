import { afterEach, describe, expect, it, vi } from 'vitest';
import { ComputePool, ComputeTaskError } from '../compute-pool.js';

const TASK = new URL('./support/test-task.ts', import.meta.url);

describe('ComputePool', () => {
  let pool: ComputePool;
  afterEach(() => pool.close());

  it('runs tasks in a worker thread with progress, reusing the thread', async () => {
    pool = new ComputePool({ size: 1 });
    const steps: number[] = [];
    const run = (value: number) =>
      pool.run(
        TASK,
        { mode: 'echo', value, steps: 3 },
        { onProgress: (s: number) => steps.push(s) },
      );
    expect(await run(21)).toBe(42);
    expect(await run(5)).toBe(10);
    expect(steps).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('runs the first task on the thread warm() started, and starts no other', async () => {
    pool = new ComputePool({ size: 1 });
    pool.warm(TASK);
    pool.warm(TASK);
    expect(pool.threads).toBe(1);
    expect(await pool.run(TASK, { mode: 'echo', value: 3, steps: 0 })).toBe(6);
    expect(pool.threads).toBe(1);
  });

  it('forgets a warmed thread whose module fails to load, and runs the task on a new one', async () => {
    pool = new ComputePool({ size: 1 });
    const missing = new URL('./support/no-such-task.ts', import.meta.url);
    pool.warm(missing);
    await vi.waitFor(() => expect(pool.threads).toBe(0), { timeout: 20_000, interval: 50 });
    await expect(pool.run(missing, {})).rejects.toMatchObject({ kind: 'crashed' });
  }, 30_000);

  it('reports a task that refuses its input as an input error', async () => {
    pool = new ComputePool({ size: 1 });
    const error = await pool.run(TASK, { mode: 'refuse' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComputeTaskError);
    expect(error).toMatchObject({ kind: 'input', message: 'no such thing' });
  });

  it('a task that runs out of heap fails alone; the next task runs', async () => {
    pool = new ComputePool({ size: 1, maxHeapMb: 64 });
    const error = await pool.run(TASK, { mode: 'hog' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComputeTaskError);
    expect(error).toMatchObject({ kind: 'crashed' });
    expect((error as Error).message).toMatch(/ran out of memory/);
    expect(await pool.run(TASK, { mode: 'echo', value: 1, steps: 0 })).toBe(2);
  }, 60_000);

  it('aborts: a task that honours the signal stops, one that does not is ended', async () => {
    pool = new ComputePool({ size: 2, abortGraceMs: 200 });
    const polite = new AbortController();
    const stubborn = new AbortController();
    // Each is aborted once it runs (its first progress), not while its thread still starts.
    const a = pool.run(
      TASK,
      { mode: 'spin', honoursAbort: true },
      { signal: polite.signal, onProgress: () => polite.abort() },
    );
    const b = pool.run(
      TASK,
      { mode: 'spin', honoursAbort: false },
      { signal: stubborn.signal, onProgress: () => stubborn.abort() },
    );
    await expect(a).rejects.toMatchObject({ kind: 'aborted', message: 'stopped' });
    await expect(b).rejects.toMatchObject({ kind: 'aborted', message: 'stopped on request' });
    expect(await pool.run(TASK, { mode: 'echo', value: 4, steps: 0 })).toBe(8);
  }, 60_000);

  it('a task aborted while it waits for a thread never starts', async () => {
    pool = new ComputePool({ size: 1 });
    const busy = new AbortController();
    const first = pool.run(TASK, { mode: 'spin', honoursAbort: true }, { signal: busy.signal });
    const waiting = new AbortController();
    const second = pool.run(TASK, { mode: 'echo', value: 1, steps: 0 }, { signal: waiting.signal });
    waiting.abort();
    await expect(second).rejects.toMatchObject({ message: 'stopped before it started' });
    busy.abort();
    await expect(first).rejects.toMatchObject({ kind: 'aborted' });
  }, 60_000);
});
