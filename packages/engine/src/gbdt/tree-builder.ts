import type { BinnedTable } from '../binning.js';
import { FeatureShard, type NodeSums, type NodeTask } from './feature-shard.js';
import { createHistogramLayout, toRowMajorCodes } from './histogram.js';
import { ParallelShards, sharedArray, type HistogramThreads } from './parallel.js';
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

/** Threads that share histogram work, and the shared gradient arrays `grow` gets views of. */
export interface TreeBuilderThreads {
  readonly threads: HistogramThreads;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
}

interface Leaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly grad: number;
  readonly hess: number;
  /** Histogram slot while the leaf may still be split, else -1. */
  slot: number;
  split: SplitCandidate | null;
}

/** Grows trees leaf-wise (best gain first) on binned rows, reusing buffers across trees. */
export class TreeBuilder {
  /** Row ids partitioned so every leaf owns rows[leafStart..leafEnd). */
  readonly rows: Uint32Array;
  readonly #scratchRows: Uint32Array;
  // Histogram slots not held by a leaf; every thread keeps its arrays by these numbers.
  readonly #freeSlots: number[] = [];
  #slots = 0;
  // Per bin code: 1 when the split being applied sends it left.
  readonly #goesLeft = new Uint8Array(256);
  #allowed: Uint8Array | null = null;
  readonly #shards: FeatureShard | ParallelShards;

  constructor(
    readonly data: BinnedTable,
    readonly options: TreeGrowthOptions,
    threads: TreeBuilderThreads | null = null,
  ) {
    const shared = threads !== null && threads.threads.size > 0;
    this.rows = shared ? sharedArray(Uint32Array, data.numRows) : new Uint32Array(data.numRows);
    this.#scratchRows = new Uint32Array(data.numRows);
    const shardData = {
      layout: createHistogramLayout(data.numBins, data.categorical),
      codes: toRowMajorCodes(data.codes, data.numRows, shared),
      rows: this.rows,
      limits: options,
    };
    this.#shards = shared
      ? new ParallelShards(threads.threads, {
          ...shardData,
          grad: threads.grad,
          hess: threads.hess,
        })
      : new FeatureShard(shardData, { from: 0, to: data.numBins.length });
  }

  /** Releases the histogram threads, if any; the builder must not grow trees afterwards. */
  close(): void {
    if (this.#shards instanceof ParallelShards) this.#shards.stop();
  }

  /**
   * Grows one tree for the given gradients. `sample` (ascending row ids) restricts it to a row
   * subsample, `allowed` (a flag per feature) to a column subsample. `onLeaf` receives each
   * leaf's node and its rows, `rows[start..end)`.
   */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    sample: Uint32Array | null,
    allowed: Uint8Array | null,
    onLeaf: (tree: BinnedTree, node: number, start: number, end: number) => void,
  ): BinnedTree {
    const o = this.options;
    this.#allowed = allowed;
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
    let sumGrad = 0;
    let sumHess = 0;
    for (let i = 0; i < n; i++) {
      const row = this.rows[i]!;
      sumGrad += grad[row]!;
      sumHess += hess[row]!;
    }
    const root = this.#newLeaf(tree, 0, n, 0, sumGrad, sumHess);
    if (this.#splittable(root, 1)) {
      root.slot = this.#acquireSlot();
      const builds = [{ slot: root.slot, start: 0, end: n }];
      this.#run({ builds, subtract: null, scans: [sumsOf(root)] }, [root], grad, hess);
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
      this.#prepareChildren(parent, left, right, leaves.length, grad, hess);
    }
    for (const leaf of leaves) {
      this.#releaseSlot(leaf);
      onLeaf(tree, leaf.node, leaf.start, leaf.end);
    }
    return tree;
  }

  #newLeaf(
    tree: BinnedTree,
    start: number,
    end: number,
    depth: number,
    grad: number,
    hess: number,
  ): Leaf {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.leftBins.push(null);
    tree.defaultLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    const { learningRate, l1, l2 } = this.options;
    tree.value.push((-learningRate * shrinkGradient(grad, l1)) / (hess + l2));
    tree.gain.push(0);
    tree.count.push(end - start);
    return { node, start, end, depth, grad, hess, slot: -1, split: null };
  }

  #splitLeaf(tree: BinnedTree, leaf: Leaf): [Leaf, Leaf] {
    const s = leaf.split!;
    const mid = this.#partition(leaf.start, leaf.end, s);
    const left = this.#newLeaf(tree, leaf.start, mid, leaf.depth + 1, s.gradLeft, s.hessLeft);
    const right = this.#newLeaf(
      tree,
      mid,
      leaf.end,
      leaf.depth + 1,
      leaf.grad - s.gradLeft,
      leaf.hess - s.hessLeft,
    );
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
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      if (goesLeft[codes[row]!] === 1) rows[l++] = row;
      else spill[r++] = row;
    }
    rows.set(spill.subarray(0, r), l);
    return l;
  }

  #prepareChildren(
    parent: Leaf,
    left: Leaf,
    right: Leaf,
    numLeaves: number,
    grad: Float64Array,
    hess: Float64Array,
  ): void {
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
    this.#run(task, toScan, grad, hess);
    for (const child of [left, right]) if (!child.split) this.#releaseSlot(child);
  }

  #splittable(leaf: Leaf, room: number): boolean {
    const o = this.options;
    return (
      room > 0 &&
      (o.maxDepth === null || leaf.depth < o.maxDepth) &&
      leaf.end - leaf.start >= 2 * o.minSamplesLeaf &&
      leaf.hess >= 2 * o.minHessian
    );
  }

  // Runs a task on every thread and gives each scanned leaf its best split.
  #run(task: NodeTask, scanned: Leaf[], grad: Float64Array, hess: Float64Array): void {
    const splits = this.#shards.run(task, grad, hess, this.#allowed);
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
  return { slot: leaf.slot, grad: leaf.grad, hess: leaf.hess, count: leaf.end - leaf.start };
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
