import { buildHistogram, type HistogramLayout } from './histogram.js';

/**
 * Extra threads that share histogram work, supplied by the host: Node worker threads or browser
 * Web Workers (`@aistudio/engine/node` has the Node one). The engine cannot start threads itself
 * (it stays free of platform APIs); it only hands each worker a setup message, which the worker
 * passes to `runHistogramWorker`. Memory is shared (SharedArrayBuffer) and the threads meet
 * through Atomics, so in a browser this needs cross-origin isolation, and training itself must
 * run in a worker (the main thread may not block in Atomics.wait).
 */
export interface HistogramThreads {
  /** Threads besides the one training. */
  readonly size: number;
  /** Gives worker `index` (0 ≤ index < size) its setup message. */
  post(index: number, init: HistogramWorkerInit): void;
}

/** What a histogram worker needs: shared views of the training data and the control block. */
export interface HistogramWorkerInit {
  readonly kind: 'aistudio.histogram-worker';
  readonly index: number;
  readonly threads: number;
  readonly control: Int32Array;
  readonly partials: Float64Array;
  readonly codes: Uint8Array;
  readonly rows: Uint32Array;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly layout: HistogramLayout;
}

/** Training data on shared memory (see `sharedArray`), seen by every thread. */
export interface SharedTrainingData {
  /** Row-major bin codes. */
  readonly codes: Uint8Array;
  /** Row ids partitioned by leaf (the tree builder's). */
  readonly rows: Uint32Array;
  /** Gradients and hessians of every output, whole (not a per-class view). */
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly layout: HistogramLayout;
}

// Slots of the control block.
const GENERATION = 0; // bumped for every task; workers wait on it
const START = 1;
const END = 2;
const GRAD_OFFSET = 3; // where the current output's gradients start (multiclass)
const COMMAND = 4;
const PENDING = 5; // workers still busy with the current task
const CONTROL_SIZE = 8;
const BUILD = 1;
const STOP = 2;

/** Allocates a typed array on shared memory, so workers see the same bytes. */
export function sharedArray<T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(
  type: { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new type(new SharedArrayBuffer(Math.max(1, length) * type.BYTES_PER_ELEMENT));
}

/**
 * The training thread's side: splits a node's rows into one chunk per thread, builds chunk 0
 * itself while the workers build theirs into private partial histograms, then adds the partials
 * in worker order (so results are deterministic for a given number of threads).
 */
export class ParallelHistograms {
  readonly #control: Int32Array;
  readonly #partials: Float64Array;
  readonly #threads: number;
  readonly #size: number;
  readonly #data: SharedTrainingData;

  constructor(threads: HistogramThreads, data: SharedTrainingData) {
    this.#data = data;
    this.#threads = threads.size + 1;
    this.#size = data.layout.size;
    this.#control = sharedArray(Int32Array, CONTROL_SIZE);
    this.#partials = sharedArray(Float64Array, threads.size * this.#size);
    for (let i = 0; i < threads.size; i++) {
      threads.post(i, {
        kind: 'aistudio.histogram-worker',
        index: i,
        threads: this.#threads,
        control: this.#control,
        partials: this.#partials,
        ...data,
      });
    }
  }

  /**
   * Fills `hist` with the sums over rows[start..end). `grad` and `hess` are views of the shared
   * gradient arrays (for multiclass, one class's block): workers find them by byte offset.
   */
  build(
    hist: Float64Array,
    start: number,
    end: number,
    grad: Float64Array,
    hess: Float64Array,
  ): void {
    const c = this.#control;
    Atomics.store(c, START, start);
    Atomics.store(c, END, end);
    Atomics.store(c, GRAD_OFFSET, grad.byteOffset / Float64Array.BYTES_PER_ELEMENT);
    Atomics.store(c, COMMAND, BUILD);
    Atomics.store(c, PENDING, this.#threads - 1);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
    const [from, to] = chunk(start, end, 0, this.#threads);
    const { layout, codes, rows } = this.#data;
    buildHistogram(hist, layout, codes, rows, from, to, grad, hess);
    for (
      let pending = Atomics.load(c, PENDING);
      pending !== 0;
      pending = Atomics.load(c, PENDING)
    ) {
      Atomics.wait(c, PENDING, pending);
    }
    const size = this.#size;
    for (let w = 0; w < this.#threads - 1; w++) {
      const partial = this.#partials.subarray(w * size, (w + 1) * size);
      for (let k = 0; k < size; k++) hist[k]! += partial[k]!;
    }
  }

  /** Releases the workers (their `runHistogramWorker` returns); call once training ends. */
  stop(): void {
    Atomics.store(this.#control, COMMAND, STOP);
    Atomics.add(this.#control, GENERATION, 1);
    Atomics.notify(this.#control, GENERATION);
  }
}

/**
 * A worker's loop: waits for tasks and builds its chunk of each node's histogram, until the
 * training thread calls `stop`. Blocks the worker for the whole training run.
 */
export function runHistogramWorker(init: HistogramWorkerInit): void {
  const { control: c, layout, codes, rows, grad, hess } = init;
  const hist = init.partials.subarray(init.index * layout.size, (init.index + 1) * layout.size);
  let generation = Atomics.load(c, GENERATION);
  for (;;) {
    Atomics.wait(c, GENERATION, generation);
    generation = Atomics.load(c, GENERATION);
    if (Atomics.load(c, COMMAND) === STOP) return;
    const [from, to] = chunk(c[START]!, c[END]!, init.index + 1, init.threads);
    const offset = c[GRAD_OFFSET]!;
    buildHistogram(
      hist,
      layout,
      codes,
      rows,
      from,
      to,
      grad.subarray(offset),
      hess.subarray(offset),
    );
    if (Atomics.sub(c, PENDING, 1) === 1) Atomics.notify(c, PENDING);
  }
}

function chunk(start: number, end: number, part: number, parts: number): [number, number] {
  const length = end - start;
  return [
    start + Math.floor((length * part) / parts),
    start + Math.floor((length * (part + 1)) / parts),
  ];
}
