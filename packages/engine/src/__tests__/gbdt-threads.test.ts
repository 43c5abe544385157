import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NodeHistogramThreads } from '../../node/threads.js';
import { TrainingAbortedError } from '../errors.js';
import { predictGbdt } from '../gbdt/model.js';
import type { HistogramThreads } from '../gbdt/parallel.js';
import { trainGbdt } from '../gbdt/train.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

// Enough rows that nodes are split across threads (the builder keeps small nodes on one thread).
const n = 30_000;
const random = createRandom(9);
const columns = Object.fromEntries(
  Array.from({ length: 6 }, (_, j) => [
    `x${j}`,
    Float64Array.from({ length: n }, () => (random() < 0.05 ? NaN : random() * 2 - 1)),
  ]),
);
const table = Table.fromColumns(columns);
const x = (j: number, i: number) => columns[`x${j}`]![i]!;
const yMulti = Float64Array.from({ length: n }, (_, i) =>
  (x(0, i) || 0) + (x(1, i) || 0) * (x(2, i) || 0) > 0.2 ? 2 : (x(3, i) || 0) > 0 ? 1 : 0,
);
const params = { objective: 'multiclass', nIter: 8, earlyStopping: false } as const;

describe('GBDT with histogram work shared by worker threads', () => {
  let threads: NodeHistogramThreads;
  beforeAll(async () => {
    threads = await NodeHistogramThreads.start(2);
  });
  afterAll(async () => {
    await threads.close();
  });

  it('grows the same trees as one thread (quantised gradients sum exactly in any order)', async () => {
    const single = await trainGbdt(params, table, yMulti);
    const shared = await trainGbdt(params, table, yMulti, { threads, minThreadedCells: 0 });
    const structure = (m: typeof single) =>
      m.trees.map((t) => [t.feature, t.threshold, t.leftBins]);
    expect(structure(shared)).toEqual(structure(single));
    const a = predictGbdt(single, table);
    const b = predictGbdt(shared, table);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBe(0);
  });

  it('is deterministic for a given number of threads, and the threads are reusable', async () => {
    const first = await trainGbdt(params, table, yMulti, { threads, minThreadedCells: 0 });
    const second = await trainGbdt(params, table, yMulti, { threads, minThreadedCells: 0 });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('releases the threads when training is aborted', async () => {
    const controller = new AbortController();
    await expect(
      trainGbdt(params, table, yMulti, {
        threads,
        minThreadedCells: 0,
        signal: controller.signal,
        onProgress: (e) => e.iteration === 2 && controller.abort(),
      }),
    ).rejects.toThrow(TrainingAbortedError);
    const after = await trainGbdt({ ...params, nIter: 2 }, table, yMulti, {
      threads,
      minThreadedCells: 0,
    });
    expect(after.trees.length).toBe(6);
  });

  /** One worker thread that runs `call` (an expression over `init`) on its setup message. */
  const startWorker = async (call: string) => {
    const engine = new URL('../../dist/index.js', import.meta.url).href;
    const source = `
      import { parentPort } from 'node:worker_threads';
      const { runHistogramWorker } = await import(${JSON.stringify(engine)});
      parentPort.on('message', (init) => ${call});
      parentPort.postMessage('ready');`;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
    const errors: unknown[] = [];
    worker.on('error', (error) => errors.push(error));
    await once(worker, 'message');
    const threads: HistogramThreads = { size: 1, post: (_, init) => worker.postMessage(init) };
    return { worker, errors, threads };
  };

  it('fails instead of hanging when a worker thread throws mid-task', async () => {
    // A worker given no node sums throws in its first task, after the training thread has
    // started the same task and may be waiting for it at the barrier.
    const {
      worker,
      errors,
      threads: failing,
    } = await startWorker('runHistogramWorker({ ...init, sums: null })');
    await expect(
      trainGbdt(params, table, yMulti, { threads: failing, minThreadedCells: 0 }),
    ).rejects.toThrow(/histogram worker thread failed/);
    // The worker rethrows after releasing the training thread, so its error may come a bit later.
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    await worker.terminate();
  });

  it('waits for a worker that starts after the first task was posted', async () => {
    const { worker, threads: late } = await startWorker(
      'setTimeout(() => runHistogramWorker(init), 300)',
    );
    const single = await trainGbdt({ ...params, nIter: 2 }, table, yMulti);
    const shared = await trainGbdt({ ...params, nIter: 2 }, table, yMulti, {
      threads: late,
      minThreadedCells: 0,
    });
    expect(shared.trees.map((t) => t.feature)).toEqual(single.trees.map((t) => t.feature));
    await worker.terminate();
  });
});
