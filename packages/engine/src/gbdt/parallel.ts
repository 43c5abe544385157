import {
  bestOf,
  BUILDS_PER_TASK,
  FeatureShard,
  featureRanges,
  type NodeRows,
  type NodeSums,
  type NodeTask,
  type ShardData,
  type Team,
} from './feature-shard.js';
import type { FeatureRange } from './histogram.js';
import type { QuantizedUnits } from './quantize.js';
import type { Loss } from './loss.js';
import {
  gradientsOfChunk,
  lossOf,
  quantizeChunk,
  rowChunk,
  type GradientData,
} from './row-work.js';
import type { SplitCandidate } from './split.js';

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
export interface HistogramWorkerInit extends ShardData {
  readonly kind: 'aistudio.histogram-worker';
  readonly index: number;
  /** The features this worker builds histograms of and scans. */
  readonly range: FeatureRange;
  readonly control: Int32Array;
  /** Packed gradient sums of the nodes to scan, then the task's gradient and hessian units. */
  readonly sums: Float64Array;
  /** Per-feature flags of the current tree (column subsampling). */
  readonly allowed: Uint8Array;
  /** Where each worker writes its best splits (see `writeSplit`). */
  readonly results: Float64Array;
  readonly threads: number;
  /** Loss and training arrays: every thread computes the gradients of its chunk of rows. */
  readonly gradients: GradientData;
  /** Per thread, per output: the chunk's largest |gradient| and hessian. */
  readonly maxima: Float64Array;
}

/** Training data and gradient inputs on shared memory (see `sharedArray`), seen by every thread. */
export interface SharedTrainingData extends ShardData {
  readonly gradients: GradientData;
}

// Slots of the control block. A task has at most two builds and two scans (see NodeTask).
const GENERATION = 0; // bumped for every task; workers wait on it
const COMMAND = 1;
const PENDING = 2; // workers still busy with the current task
const ALL_ALLOWED = 3;
const SUBTRACT_INTO = 4; // -1: no subtraction
const SUBTRACT_MINUS = 5;
const NUM_BUILDS = 6;
const BUILDS = 7; // slot, start, end of each build
const NUM_SCANS = 13;
const SCANS = 14; // slot, count of each scan (their sums go to the sums array)
const UNITS = 2; // the sums array: packed sum of each scan, then gradient and hessian units
const ARRIVED = 18; // threads done with their partial histograms
const FAILED = 19; // set by a worker that threw: training fails instead of waiting forever
const OUTPUT = 20; // QUANTIZE: the output whose gradients to quantise
const SEED = 21; // QUANTIZE: the rounding seed (as int32)
const CONTROL_SIZE = 22;
// How often a waiting thread looks for a failed worker that could not wake it.
const FAILURE_POLL_MS = 200;
// Commands: a node task (histograms and scans), gradients of every output, quantisation of one.
const RUN = 1;
const STOP = 2;
const GRADIENTS = 3;
const QUANTIZE = 4;
// A written split: found, gain, feature, bin, defaultLeft, sumLeft, number of left bins, then the
// left bins (at most 256 value bins and the missing bin).
const SPLIT_SIZE = 7 + 257;

/** Allocates a typed array on shared memory, so workers see the same bytes. */
export function sharedArray<T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(
  type: { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new type(new SharedArrayBuffer(Math.max(1, length) * type.BYTES_PER_ELEMENT));
}

/**
 * The training thread's side: every task runs on all threads (see `FeatureShard`), each building
 * histograms over a chunk of rows and scanning a range of features (this thread the first); the
 * training thread then keeps the best of the threads' splits. Sums are added in thread order, so
 * results are deterministic for a given number of threads.
 */
export class ParallelShards {
  readonly #control: Int32Array;
  readonly #sums: Float64Array;
  readonly #allowed: Uint8Array;
  readonly #results: Float64Array;
  readonly #maxima: Float64Array;
  readonly #workers: number;
  readonly #own: FeatureShard;
  readonly #data: SharedTrainingData;
  readonly #loss: Loss;

  /** `data.arrays` must be on shared memory, with (threads.size + 1) · 2 partials. */
  constructor(threads: HistogramThreads, data: SharedTrainingData) {
    this.#data = data;
    this.#loss = lossOf(data.gradients);
    const outputs = this.#loss.numOutputs;
    this.#maxima = sharedArray(Float64Array, (threads.size + 1) * 2 * outputs);
    this.#workers = threads.size;
    const size = threads.size + 1;
    const ranges = featureRanges(data.layout.numBins.length, size);
    this.#control = sharedArray(Int32Array, CONTROL_SIZE);
    this.#sums = sharedArray(Float64Array, UNITS + 2);
    this.#allowed = sharedArray(Uint8Array, data.layout.numBins.length);
    this.#results = sharedArray(Float64Array, threads.size * 2 * SPLIT_SIZE);
    const partials = data.arrays.partials;
    this.#own = new FeatureShard(data, ranges[0]!, team(0, size, partials, this.#control));
    for (let i = 0; i < threads.size; i++) {
      threads.post(i, {
        kind: 'aistudio.histogram-worker',
        index: i,
        range: ranges[i + 1]!,
        control: this.#control,
        sums: this.#sums,
        allowed: this.#allowed,
        results: this.#results,
        maxima: this.#maxima,
        threads: size,
        ...data,
      });
    }
  }

  /** Runs `task` on every thread, on the packed gradients now in the shared arrays. */
  run(
    task: NodeTask,
    units: QuantizedUnits,
    allowed: Uint8Array | null,
  ): (SplitCandidate | null)[] {
    const c = this.#control;
    throwIfFailed(c);
    c[ALL_ALLOWED] = allowed ? 0 : 1;
    if (allowed) this.#allowed.set(allowed);
    c[SUBTRACT_INTO] = task.subtract ? task.subtract.into : -1;
    c[SUBTRACT_MINUS] = task.subtract ? task.subtract.minus : -1;
    c[NUM_BUILDS] = task.builds.length;
    task.builds.forEach((b, i) => c.set([b.slot, b.start, b.end], BUILDS + 3 * i));
    c[NUM_SCANS] = task.scans.length;
    task.scans.forEach((s, i) => {
      c.set([s.slot, s.count], SCANS + 2 * i);
      this.#sums[i] = s.sum;
    });
    this.#sums[UNITS] = units.gradUnit;
    this.#sums[UNITS + 1] = units.hessUnit;
    this.#dispatch(RUN);
    const own = this.#own.run(task, units, allowed);
    this.#awaitWorkers();
    return own.map((split, i) => {
      const all = [split];
      for (let w = 0; w < this.#workers; w++) all.push(readSplit(this.#results, w, i));
      return bestOf(all);
    });
  }

  /**
   * Computes the gradients of every output, each thread over its chunk of rows; returns per
   * output the largest |gradient| and hessian (two numbers per output).
   */
  computeGradients(): Float64Array {
    throwIfFailed(this.#control);
    this.#dispatch(GRADIENTS);
    const n = this.#data.gradients.y.length;
    const [from, to] = rowChunk(0, n, 0, this.#workers + 1);
    const outputs = this.#loss.numOutputs;
    const maxima = this.#maxima;
    gradientsOfChunk(this.#loss, this.#data.gradients, from, to, maxima.subarray(0, 2 * outputs));
    this.#awaitWorkers();
    const overall = new Float64Array(2 * outputs);
    for (let k = 0; k < maxima.length; k++) {
      overall[k % (2 * outputs)] = Math.max(overall[k % (2 * outputs)]!, maxima[k]!);
    }
    return overall;
  }

  /** Quantises output `out`'s gradients into the shared packed array, each thread a chunk. */
  quantize(out: number, units: QuantizedUnits, seed: number): void {
    const c = this.#control;
    throwIfFailed(c);
    c[OUTPUT] = out;
    c[SEED] = seed | 0;
    this.#sums[UNITS] = units.gradUnit;
    this.#sums[UNITS + 1] = units.hessUnit;
    this.#dispatch(QUANTIZE);
    const { gradients, arrays, quantization } = this.#data;
    const [from, to] = rowChunk(0, gradients.y.length, 0, this.#workers + 1);
    quantizeChunk(gradients, out, arrays.packed, quantization, units, seed >>> 0, from, to);
    this.#awaitWorkers();
  }

  // Wakes the workers for `command`, whose inputs are already in the shared arrays.
  #dispatch(command: number): void {
    const c = this.#control;
    c[COMMAND] = command;
    c[ARRIVED] = 0;
    Atomics.store(c, PENDING, this.#workers);
    // Atomics.add publishes the plain writes above before any worker wakes and reads them.
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
  }

  #awaitWorkers(): void {
    const c = this.#control;
    for (
      let pending = Atomics.load(c, PENDING);
      pending !== 0;
      pending = Atomics.load(c, PENDING)
    ) {
      // Bounded waits: a worker that failed before this task reset the counters cannot wake us.
      if (Atomics.wait(c, PENDING, pending, FAILURE_POLL_MS) === 'timed-out') throwIfFailed(c);
    }
    throwIfFailed(c);
  }

  /** Releases the workers (their `runHistogramWorker` returns); call once training ends. */
  stop(): void {
    Atomics.store(this.#control, COMMAND, STOP);
    Atomics.add(this.#control, GENERATION, 1);
    Atomics.notify(this.#control, GENERATION);
  }
}

/**
 * A worker's loop: waits for tasks and runs each on its features, until the training thread
 * calls `stop`. Blocks the worker for the whole training run.
 */
export function runHistogramWorker(init: HistogramWorkerInit): void {
  const c = init.control;
  try {
    serveTasks(init);
  } catch (error) {
    // Release every thread waiting on this one (at the barrier, or for the task to finish), then
    // let the host see the error; the training thread throws at its next check.
    Atomics.store(c, FAILED, 1);
    Atomics.add(c, ARRIVED, init.threads);
    Atomics.notify(c, ARRIVED);
    Atomics.sub(c, PENDING, 1);
    Atomics.notify(c, PENDING);
    throw error;
  }
}

function throwIfFailed(control: Int32Array): void {
  if (Atomics.load(control, FAILED) !== 0) {
    throw new Error(
      'a histogram worker thread failed (its error went to the host); training stopped',
    );
  }
}

function serveTasks(init: HistogramWorkerInit): void {
  const { control: c } = init;
  const shard = new FeatureShard(
    init,
    init.range,
    team(init.index + 1, init.threads, init.arrays.partials, c),
  );
  const loss = lossOf(init.gradients);
  // The control block is new to this training: count from 0, not from what this worker reads
  // when its setup arrives, or a task posted before then would be waited past, forever.
  let generation = 0;
  for (;;) {
    Atomics.wait(c, GENERATION, generation);
    generation = Atomics.load(c, GENERATION);
    const command = Atomics.load(c, COMMAND);
    if (command === STOP) return;
    if (command === RUN) runNodeTask(init, shard);
    else runRowWork(init, loss, command);
    if (Atomics.sub(c, PENDING, 1) === 1) Atomics.notify(c, PENDING);
  }
}

function runNodeTask(init: HistogramWorkerInit, shard: FeatureShard): void {
  const { control: c, sums, results } = init;
  const builds: NodeRows[] = [];
  for (let i = 0; i < c[NUM_BUILDS]!; i++) {
    const at = BUILDS + 3 * i;
    builds.push({ slot: c[at]!, start: c[at + 1]!, end: c[at + 2]! });
  }
  const scans: NodeSums[] = [];
  for (let i = 0; i < c[NUM_SCANS]!; i++) {
    const at = SCANS + 2 * i;
    scans.push({ slot: c[at]!, count: c[at + 1]!, sum: sums[i]! });
  }
  const into = c[SUBTRACT_INTO]!;
  const subtract = into < 0 ? null : { into, minus: c[SUBTRACT_MINUS]! };
  const units = { gradUnit: sums[UNITS]!, hessUnit: sums[UNITS + 1]! };
  const splits = shard.run(
    { builds, subtract, scans },
    units,
    c[ALL_ALLOWED] === 1 ? null : init.allowed,
  );
  splits.forEach((split, i) => writeSplit(results, init.index, i, split));
}

// This worker's chunk of the gradients (GRADIENTS) or of one output's quantisation (QUANTIZE).
function runRowWork(init: HistogramWorkerInit, loss: Loss, command: number): void {
  const { control: c, gradients } = init;
  const thread = init.index + 1;
  const [from, to] = rowChunk(0, gradients.y.length, thread, init.threads);
  if (command === GRADIENTS) {
    const size = 2 * loss.numOutputs;
    const maxima = init.maxima.subarray(thread * size, (thread + 1) * size);
    gradientsOfChunk(loss, gradients, from, to, maxima);
    return;
  }
  const units = { gradUnit: init.sums[UNITS]!, hessUnit: init.sums[UNITS + 1]! };
  const seed = c[SEED]! >>> 0;
  quantizeChunk(
    gradients,
    c[OUTPUT]!,
    init.arrays.packed,
    init.quantization,
    units,
    seed,
    from,
    to,
  );
}

function team(index: number, size: number, partials: Float64Array, control: Int32Array): Team {
  const histogramSize = partials.length / (size * BUILDS_PER_TASK);
  return {
    index,
    size,
    partial: (thread, build) => {
      const at = (thread * BUILDS_PER_TASK + build) * histogramSize;
      return partials.subarray(at, at + histogramSize);
    },
    barrier() {
      if (Atomics.add(control, ARRIVED, 1) === size - 1) {
        Atomics.notify(control, ARRIVED);
        return;
      }
      for (let n = Atomics.load(control, ARRIVED); n < size; n = Atomics.load(control, ARRIVED)) {
        if (Atomics.wait(control, ARRIVED, n, FAILURE_POLL_MS) === 'timed-out') {
          if (Atomics.load(control, FAILED) !== 0) return;
        }
      }
    },
  };
}

function writeSplit(
  results: Float64Array,
  worker: number,
  scan: number,
  split: SplitCandidate | null,
): void {
  const at = (2 * worker + scan) * SPLIT_SIZE;
  if (!split) {
    results[at] = 0;
    return;
  }
  const { gain, feature, bin, defaultLeft, sumLeft, leftBins } = split;
  results.set([1, gain, feature, bin, defaultLeft ? 1 : 0, sumLeft], at);
  results[at + 6] = leftBins ? leftBins.length : -1;
  if (leftBins) results.set(leftBins, at + 7);
}

function readSplit(results: Float64Array, worker: number, scan: number): SplitCandidate | null {
  const at = (2 * worker + scan) * SPLIT_SIZE;
  if (results[at] === 0) return null;
  const numLeftBins = results[at + 6]!;
  return {
    gain: results[at + 1]!,
    feature: results[at + 2]!,
    bin: results[at + 3]!,
    defaultLeft: results[at + 4] === 1,
    sumLeft: results[at + 5]!,
    leftBins: numLeftBins < 0 ? null : Array.from(results.subarray(at + 7, at + 7 + numLeftBins)),
  };
}
