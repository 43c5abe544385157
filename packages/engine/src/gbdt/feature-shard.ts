import { histogramBuilder, type HistogramBuilder, type KernelArrays } from './histogram-kernel.js';
import {
  histogramSpan,
  subtractHistogram,
  type FeatureRange,
  type HistogramLayout,
} from './histogram.js';
import type { Quantization, QuantizedUnits } from './quantize.js';
import { rowChunk } from './row-work.js';
import { findBestSplit, type SplitCandidate, type SplitConstraints } from './split.js';

/** A node to build a histogram for: its rows are rows[start..end), its histogram goes to `slot`. */
export interface NodeRows {
  readonly slot: number;
  readonly start: number;
  readonly end: number;
}

/** A node whose best split is wanted: its histogram slot, packed gradient sum and row count. */
export interface NodeSums {
  readonly slot: number;
  readonly sum: number;
  readonly count: number;
}

/** The histogram work of one step of tree growth (at most two nodes each). */
export interface NodeTask {
  readonly builds: readonly NodeRows[];
  /** When set, histogram `into` becomes `into − minus`: the larger child from its parent. */
  readonly subtract: { readonly into: number; readonly minus: number } | null;
  readonly scans: readonly NodeSums[];
}

/** What a shard reads: the kernel's arrays (codes, partitioned rows, packed gradients). */
export interface ShardData {
  readonly layout: HistogramLayout;
  readonly arrays: KernelArrays;
  readonly limits: SplitConstraints;
  readonly quantization: Quantization;
}

/** Most histograms built per task (see NodeTask), so partials per thread. */
export const BUILDS_PER_TASK = 2;

/** The threads working on a task together, as one of them (index 0 trains). */
export interface Team {
  readonly index: number;
  readonly size: number;
  /** Per thread, per build of a task: a whole histogram over that thread's chunk of rows. */
  partial(thread: number, build: number): Float64Array;
  /** Returns once every thread has arrived. */
  barrier(): void;
}

/** The team of a thread working alone. */
export function soloTeam(arrays: KernelArrays, histogramSize: number): Team {
  return {
    index: 0,
    size: 1,
    partial: (_, build) =>
      arrays.partials.subarray(build * histogramSize, (build + 1) * histogramSize),
    barrier: () => {},
  };
}

/**
 * One thread's share of growing a tree. Each thread first builds whole histograms over its chunk
 * of a node's rows (rows are where the cache misses are, so they are not read twice), then adds
 * the threads' partials up for its own range of features and scans those features for the best
 * split; it keeps its range of every node's histogram by slot.
 */
export class FeatureShard {
  readonly #hists: Float64Array[] = [];
  readonly #build: HistogramBuilder;

  constructor(
    readonly data: ShardData,
    readonly range: FeatureRange,
    readonly team: Team,
  ) {
    this.#build = histogramBuilder(data.arrays);
  }

  /** Builds, subtracts and scans as `task` says; one best split (or null) per scanned node. */
  run(
    task: NodeTask,
    units: QuantizedUnits,
    allowed: Uint8Array | null,
  ): (SplitCandidate | null)[] {
    const { layout, limits, quantization } = this.data;
    const { range, team } = this;
    task.builds.forEach((b, j) => {
      const [from, to] = rowChunk(b.start, b.end, team.index, team.size);
      this.#build(team.partial(team.index, j), from, to);
    });
    team.barrier();
    task.builds.forEach((b, j) => this.#addPartials(this.#hist(b.slot), j));
    if (task.subtract) {
      subtractHistogram(this.#hist(task.subtract.into), this.#hist(task.subtract.minus), range);
    }
    return task.scans.map((s) =>
      findBestSplit(this.#hist(s.slot), layout, range, s, quantization, units, limits, allowed),
    );
  }

  #addPartials(hist: Float64Array, build: number): void {
    const { team } = this;
    const [start, end] = histogramSpan(this.range);
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

/** Of per-shard best splits (shards in feature order), the one of highest gain; on a tie the
 * lowest feature, as a single scan over every feature would pick. */
export function bestOf(candidates: readonly (SplitCandidate | null)[]): SplitCandidate | null {
  let best: SplitCandidate | null = null;
  for (const c of candidates) if (c && (!best || c.gain > best.gain)) best = c;
  return best;
}
