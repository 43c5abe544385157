import {
  buildHistogram,
  histogramSpan,
  subtractHistogram,
  type FeatureRange,
  type HistogramLayout,
} from './histogram.js';
import { findBestSplit, type SplitCandidate, type SplitConstraints } from './split.js';

/** A node to build a histogram for: its rows are rows[start..end), its histogram goes to `slot`. */
export interface NodeRows {
  readonly slot: number;
  readonly start: number;
  readonly end: number;
}

/** A node whose best split is wanted: its histogram slot, gradient and hessian sums, row count. */
export interface NodeSums {
  readonly slot: number;
  readonly grad: number;
  readonly hess: number;
  readonly count: number;
}

/** The histogram work of one step of tree growth (at most two nodes each). */
export interface NodeTask {
  readonly builds: readonly NodeRows[];
  /** When set, histogram `into` becomes `into − minus`: the larger child from its parent. */
  readonly subtract: { readonly into: number; readonly minus: number } | null;
  readonly scans: readonly NodeSums[];
}

/** What a shard reads: row-major bin codes and the tree builder's partitioned row ids. */
export interface ShardData {
  readonly layout: HistogramLayout;
  readonly codes: Uint8Array;
  readonly rows: Uint32Array;
  readonly limits: SplitConstraints;
}

/** The threads working on a task together, as one of them (index 0 trains). */
export interface Team {
  readonly index: number;
  readonly size: number;
  /** Per thread, per build of a task: a whole histogram over that thread's chunk of rows. */
  partial(thread: number, build: number): Float64Array;
  /** Returns once every thread has arrived. */
  barrier(): void;
}

/**
 * One thread's share of growing a tree. With a team, each thread first builds whole histograms
 * over its chunk of a node's rows (rows are where the cache misses are, so they are not read
 * twice), then adds the threads' partials up for its own range of features, in thread order, and
 * scans those features for the best split; it keeps its range of every node's histogram by slot.
 */
export class FeatureShard {
  readonly #hists: Float64Array[] = [];

  constructor(
    readonly data: ShardData,
    readonly range: FeatureRange,
    readonly team: Team | null = null,
  ) {}

  /** Builds, subtracts and scans as `task` says; one best split (or null) per scanned node. */
  run(
    task: NodeTask,
    grad: Float64Array,
    hess: Float64Array,
    allowed: Uint8Array | null,
  ): (SplitCandidate | null)[] {
    const { layout, codes, rows, limits } = this.data;
    const { range, team } = this;
    task.builds.forEach((b, j) => {
      if (!team) {
        buildHistogram(this.#hist(b.slot), layout, codes, rows, b.start, b.end, grad, hess);
        return;
      }
      const [from, to] = rowChunk(b.start, b.end, team.index, team.size);
      buildHistogram(team.partial(team.index, j), layout, codes, rows, from, to, grad, hess);
    });
    if (team) {
      team.barrier();
      task.builds.forEach((b, j) => this.#addPartials(this.#hist(b.slot), team, j));
    }
    if (task.subtract) {
      subtractHistogram(
        this.#hist(task.subtract.into),
        this.#hist(task.subtract.minus),
        layout,
        range,
      );
    }
    return task.scans.map((s) =>
      findBestSplit(this.#hist(s.slot), layout, range, s.grad, s.hess, s.count, limits, allowed),
    );
  }

  #addPartials(hist: Float64Array, team: Team, build: number): void {
    const [start, end] = histogramSpan(this.data.layout, this.range);
    hist.set(team.partial(0, build).subarray(start, end), start);
    for (let t = 1; t < team.size; t++) {
      const partial = team.partial(t, build);
      for (let k = start; k < end; k++) hist[k]! += partial[k]!;
    }
  }

  // Slots are reused by the tree builder, so a shard allocates at most one array per live leaf.
  #hist(slot: number): Float64Array {
    return (this.#hists[slot] ??= new Float64Array(this.data.layout.size));
  }
}

/** Splits `numFeatures` features into `parts` contiguous ranges of near-equal size, in order. */
export function featureRanges(numFeatures: number, parts: number): FeatureRange[] {
  return Array.from({ length: parts }, (_, p) => ({
    from: Math.floor((numFeatures * p) / parts),
    to: Math.floor((numFeatures * (p + 1)) / parts),
  }));
}

function rowChunk(start: number, end: number, part: number, parts: number): [number, number] {
  const length = end - start;
  return [
    start + Math.floor((length * part) / parts),
    start + Math.floor((length * (part + 1)) / parts),
  ];
}

/** Of per-shard best splits (shards in feature order), the one of highest gain; on a tie the
 * lowest feature, as a single scan over every feature would pick. */
export function bestOf(candidates: readonly (SplitCandidate | null)[]): SplitCandidate | null {
  let best: SplitCandidate | null = null;
  for (const c of candidates) if (c && (!best || c.gain > best.gain)) best = c;
  return best;
}
