import type { BinnedTable } from '../binning.js';
import {
  BUILDS_PER_TASK,
  FeatureShard,
  soloTeam,
  type NodeSums,
  type NodeTask,
} from './feature-shard.js';
import { allocateKernelArrays, type KernelArrays } from './histogram-kernel.js';
import { createHistogramLayout } from './histogram.js';
import { ParallelShards, type HistogramThreads } from './parallel.js';
import type { Loss } from './loss.js';
import {
  packedHess,
  quantizationFor,
  unitsFor,
  type Quantization,
  type QuantizedUnits,
} from './quantize.js';
import { gradientsOfChunk, lossOf, quantizeChunk, type GradientData } from './row-work.js';
import { shrinkGradient, type SplitCandidate, type SplitConstraints } from './split.js';

/** A tree over bin codes; node 0 is the root, `feature[n] === -1` marks a leaf. */
export interface BinnedTree {
  readonly feature: number[];
  /** Numeric splits: value bins <= this go left. */
  readonly bin: number[];
  /** Categorical splits: the bins that go left (ascending); null on numeric splits and leaves. */
  readonly leftBins: (readonly number[] | null)[];
  readonly defaultLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  /** Leaf value (shrunk); on internal nodes, the value the node would have as a leaf. */
  readonly value: number[];
  readonly gain: number[];
  readonly count: number[];
}

/** Growth limits of one tree. */
export interface TreeGrowthOptions extends SplitConstraints {
  readonly numLeaves: number;
  readonly maxDepth: number | null;
  readonly learningRate: number;
  readonly histogramSubtraction: boolean;
}

interface Leaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  /** Packed quantised gradient and hessian sum of the leaf's rows (see quantize.ts). */
  readonly sum: number;
  /** Histogram slot while the leaf may still be split, else -1. */
  slot: number;
  split: SplitCandidate | null;
}

/** Grows trees leaf-wise (best gain first) on binned rows, reusing buffers across trees. */
export class TreeBuilder {
  /** Row ids partitioned so every leaf owns rows[leafStart..leafEnd). */
  readonly rows: Uint32Array;
  readonly #scratchRows: Uint32Array;
  readonly #arrays: KernelArrays;
  readonly #quantization: Quantization;
  #units: QuantizedUnits = { gradUnit: 1, hessUnit: 1 };
  // Per output, the units of the latest gradients (see computeGradients).
  #outputUnits: QuantizedUnits[] = [];
  readonly #loss: Loss;
  // Histogram slots not held by a leaf; every thread keeps its arrays by these numbers.
  readonly #freeSlots: number[] = [];
  #slots = 0;
  // Per bin code: 1 when the split being applied sends it left.
  readonly #goesLeft = new Uint8Array(256);
  #allowed: Uint8Array | null = null;
  readonly #shards: FeatureShard | ParallelShards;

  /**
   * `gradients`: the loss and training arrays (on shared memory when there are `threads`, extra
   * threads to share the gradient and histogram work with; see `HistogramThreads`).
   */
  constructor(
    readonly data: BinnedTable,
    readonly options: TreeGrowthOptions,
    readonly gradients: GradientData,
    threads: HistogramThreads | null = null,
  ) {
    this.#loss = lossOf(gradients);
    const shared = threads !== null && threads.size > 0;
    const layout = createHistogramLayout(data.numBins, data.categorical);
    this.#quantization = quantizationFor(data.numRows);
    const teamSize = shared ? threads.size + 1 : 1;
    this.#arrays = allocateKernelArrays(
      data.codes,
      data.numRows,
      teamSize * BUILDS_PER_TASK,
      layout.size,
      shared,
    );
    this.rows = this.#arrays.rows;
    this.#scratchRows = new Uint32Array(data.numRows);
    const shardData = {
      layout,
      arrays: this.#arrays,
      limits: options,
      quantization: this.#quantization,
    };
    this.#shards = shared
      ? new ParallelShards(threads, { ...shardData, gradients })
      : new FeatureShard(
          shardData,
          { from: 0, to: data.numBins.length },
          soloTeam(this.#arrays, layout.size),
        );
  }

  /** Releases the histogram threads, if any; the builder must not grow trees afterwards. */
  close(): void {
    if (this.#shards instanceof ParallelShards) this.#shards.stop();
  }

  /** Computes the gradients and hessians of every output at the current scores (`gradients.raw`). */
  computeGradients(): void {
    const k = this.#loss.numOutputs;
    const maxima =
      this.#shards instanceof ParallelShards
        ? this.#shards.computeGradients()
        : new Float64Array(2 * k);
    if (!(this.#shards instanceof ParallelShards)) {
      gradientsOfChunk(this.#loss, this.gradients, 0, this.data.numRows, maxima);
    }
    this.#outputUnits = Array.from({ length: k }, (_, out) =>
      unitsFor(maxima[2 * out]!, maxima[2 * out + 1]!, this.#quantization),
    );
  }

  /**
   * Grows one tree for output `out`'s gradients (see `computeGradients`). `sample` (ascending row
   * ids) restricts it to a row subsample, `allowed` (a flag per feature) to a column subsample;
   * `seed` drives the stochastic rounding of the gradients. `onLeaf` receives each leaf's node and
   * its rows, `rows[start..end)`.
   */
  grow(
    out: number,
    sample: Uint32Array | null,
    allowed: Uint8Array | null,
    seed: number,
    onLeaf: (tree: BinnedTree, node: number, start: number, end: number) => void,
  ): BinnedTree {
    const o = this.options;
    this.#allowed = allowed;
    const packed = this.#arrays.packed;
    const numRows = this.data.numRows;
    this.#units = this.#outputUnits[out]!;
    if (this.#shards instanceof ParallelShards) this.#shards.quantize(out, this.#units, seed);
    else {
      const q = this.#quantization;
      quantizeChunk(this.gradients, out, packed, q, this.#units, seed, 0, numRows);
    }
    const grad = this.gradients.grad.subarray(out * numRows, (out + 1) * numRows);
    const hess = this.gradients.hess.subarray(out * numRows, (out + 1) * numRows);
    const tree: BinnedTree = {
      ...{ feature: [], bin: [], leftBins: [], defaultLeft: [], left: [], right: [] },
      ...{ value: [], gain: [], count: [] },
    };
    let n = this.data.numRows;
    if (sample) {
      this.rows.set(sample);
      n = sample.length;
    } else {
      for (let i = 0; i < n; i++) this.rows[i] = i;
    }
    let sum = 0;
    for (let i = 0; i < n; i++) sum += packed[this.rows[i]!]!;
    const root = this.#newLeaf(tree, 0, n, 0, sum);
    if (this.#splittable(root, 1)) {
      root.slot = this.#acquireSlot();
      const builds = [{ slot: root.slot, start: 0, end: n }];
      this.#run({ builds, subtract: null, scans: [sumsOf(root)] }, [root]);
    }
    const leaves = [root];
    while (leaves.length < o.numLeaves) {
      let bestIndex = -1;
      for (let i = 0; i < leaves.length; i++) {
        const s = leaves[i]!.split;
        if (s && (bestIndex < 0 || s.gain > leaves[bestIndex]!.split!.gain)) bestIndex = i;
      }
      if (bestIndex < 0) break;
      const parent = leaves[bestIndex]!;
      const [left, right] = this.#splitLeaf(tree, parent);
      leaves.splice(bestIndex, 1, left, right);
      this.#prepareChildren(parent, left, right, leaves.length);
    }
    this.#setExactValues(tree, leaves, grad, hess);
    for (const leaf of leaves) {
      this.#releaseSlot(leaf);
      onLeaf(tree, leaf.node, leaf.start, leaf.end);
    }
    return tree;
  }

  #newLeaf(tree: BinnedTree, start: number, end: number, depth: number, sum: number): Leaf {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.leftBins.push(null);
    tree.defaultLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0); // set from the exact gradients once the tree is grown
    tree.gain.push(0);
    tree.count.push(end - start);
    return { node, start, end, depth, sum, slot: -1, split: null };
  }

  /**
   * Node values from the exact (not quantised) gradient sums of their rows, as LightGBM's
   * quant_train_renew_leaf: quantisation then only steers the choice of splits. Internal nodes
   * get the value they would have as a leaf.
   */
  #setExactValues(tree: BinnedTree, leaves: Leaf[], grad: Float64Array, hess: Float64Array): void {
    const numNodes = tree.feature.length;
    const sumGrad = new Float64Array(numNodes);
    const sumHess = new Float64Array(numNodes);
    const rows = this.rows;
    for (const leaf of leaves) {
      let g = 0;
      let h = 0;
      for (let i = leaf.start; i < leaf.end; i++) {
        const row = rows[i]!;
        g += grad[row]!;
        h += hess[row]!;
      }
      sumGrad[leaf.node] = g;
      sumHess[leaf.node] = h;
    }
    // Children are numbered after their parent, so a backward pass meets them first.
    for (let node = numNodes - 1; node >= 0; node--) {
      if (tree.feature[node]! >= 0) {
        sumGrad[node] = sumGrad[tree.left[node]!]! + sumGrad[tree.right[node]!]!;
        sumHess[node] = sumHess[tree.left[node]!]! + sumHess[tree.right[node]!]!;
      }
    }
    const { learningRate, l1, l2 } = this.options;
    for (let node = 0; node < numNodes; node++) {
      const denominator = sumHess[node]! + l2;
      // A node whose hessians all vanished (saturated probabilities) keeps its parent's score.
      tree.value[node] =
        denominator > 0 ? (-learningRate * shrinkGradient(sumGrad[node]!, l1)) / denominator : 0;
    }
  }

  #splitLeaf(tree: BinnedTree, leaf: Leaf): [Leaf, Leaf] {
    const s = leaf.split!;
    const mid = this.#partition(leaf.start, leaf.end, s);
    const depth = leaf.depth + 1;
    const left = this.#newLeaf(tree, leaf.start, mid, depth, s.sumLeft);
    const right = this.#newLeaf(tree, mid, leaf.end, depth, leaf.sum - s.sumLeft);
    tree.feature[leaf.node] = s.feature;
    tree.bin[leaf.node] = s.bin;
    tree.leftBins[leaf.node] = s.leftBins;
    tree.defaultLeft[leaf.node] = s.defaultLeft;
    tree.left[leaf.node] = left.node;
    tree.right[leaf.node] = right.node;
    tree.gain[leaf.node] = s.gain;
    return [left, right];
  }

  // Stable partition: rows keep ascending order inside each leaf, so column reads stay sequential.
  #partition(start: number, end: number, s: SplitCandidate): number {
    const codes = this.data.codes[s.feature]!;
    const missing = this.data.numBins[s.feature]!;
    const rows = this.rows;
    const spill = this.#scratchRows;
    const goesLeft = this.#goesLeft;
    for (let b = 0; b < goesLeft.length; b++) {
      goesLeft[b] = (s.leftBins ? s.leftBins.includes(b) : b <= s.bin) ? 1 : 0;
    }
    goesLeft[missing] = s.defaultLeft ? 1 : 0;
    let l = start;
    let r = 0;
    // Branch-free: every row is written to both sides and the side it belongs to advances, as
    // a data-dependent branch here mispredicts on half the rows.
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      const left = goesLeft[codes[row]!]!;
      rows[l] = row;
      spill[r] = row;
      l += left;
      r += 1 - left;
    }
    rows.set(spill.subarray(0, r), l);
    return l;
  }

  #prepareChildren(parent: Leaf, left: Leaf, right: Leaf, numLeaves: number): void {
    const room = this.options.numLeaves - numLeaves;
    const toScan = [left, right].filter((child) => this.#splittable(child, room));
    if (toScan.length === 0) {
      this.#releaseSlot(parent);
      return;
    }
    const [small, large] =
      left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.slot = this.#acquireSlot();
    large.slot = parent.slot;
    parent.slot = -1;
    const rowsOf = (leaf: Leaf) => ({ slot: leaf.slot, start: leaf.start, end: leaf.end });
    // Histogram of the larger child = parent − smaller child: halves the passes over rows.
    const task: NodeTask = this.options.histogramSubtraction
      ? {
          builds: [rowsOf(small)],
          subtract: { into: large.slot, minus: small.slot },
          scans: toScan.map(sumsOf),
        }
      : { builds: [rowsOf(small), rowsOf(large)], subtract: null, scans: toScan.map(sumsOf) };
    this.#run(task, toScan);
    for (const child of [left, right]) if (!child.split) this.#releaseSlot(child);
  }

  #splittable(leaf: Leaf, room: number): boolean {
    const o = this.options;
    const hess = packedHess(leaf.sum, this.#quantization) * this.#units.hessUnit;
    return (
      room > 0 &&
      (o.maxDepth === null || leaf.depth < o.maxDepth) &&
      leaf.end - leaf.start >= 2 * o.minSamplesLeaf &&
      hess >= 2 * o.minHessian
    );
  }

  // Runs a task on every thread and gives each scanned leaf its best split.
  #run(task: NodeTask, scanned: Leaf[]): void {
    const splits = this.#shards.run(task, this.#units, this.#allowed);
    scanned.forEach((leaf, i) => (leaf.split = splits[i]!));
  }

  #acquireSlot(): number {
    return this.#freeSlots.pop() ?? this.#slots++;
  }

  #releaseSlot(leaf: Leaf): void {
    if (leaf.slot < 0) return;
    this.#freeSlots.push(leaf.slot);
    leaf.slot = -1;
  }
}

function sumsOf(leaf: Leaf): NodeSums {
  return { slot: leaf.slot, sum: leaf.sum, count: leaf.end - leaf.start };
}

/** Routes one row of bin codes down a binned tree and returns its leaf value. */
export function predictBinnedRow(tree: BinnedTree, data: BinnedTable, row: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const f = tree.feature[node]!;
    const code = data.codes[f]![row]!;
    const leftBins = tree.leftBins[node];
    const goLeft =
      code === data.numBins[f]
        ? tree.defaultLeft[node]!
        : leftBins
          ? leftBins.includes(code)
          : code <= tree.bin[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}
