import type { BinnedTable } from '../binning.js';
import {
  buildHistogram,
  createHistogramLayout,
  HistogramPool,
  subtractHistogram,
  toRowMajorCodes,
  type HistogramLayout,
} from './histogram.js';
import { ParallelHistograms, sharedArray, type HistogramThreads } from './parallel.js';
import {
  findBestSplit,
  shrinkGradient,
  type SplitCandidate,
  type SplitConstraints,
} from './split.js';

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

// Below this many rows a node's histogram is built on one thread: waking the others costs more.
const MIN_PARALLEL_ROWS = 2048;

interface Leaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly grad: number;
  readonly hess: number;
  hist: Float64Array | null;
  split: SplitCandidate | null;
}

/** Grows trees leaf-wise (best gain first) on binned rows, reusing buffers across trees. */
export class TreeBuilder {
  /** Row ids partitioned so every leaf owns rows[leafStart..leafEnd). */
  readonly rows: Uint32Array;
  readonly #scratchRows: Uint32Array;
  readonly #layout: HistogramLayout;
  readonly #pool: HistogramPool;
  readonly #rowMajorCodes: Uint8Array;
  // Per bin code: 1 when the split being applied sends it left.
  readonly #goesLeft = new Uint8Array(256);
  #allowed: Uint8Array | null = null;

  readonly #parallel: ParallelHistograms | null = null;

  constructor(
    readonly data: BinnedTable,
    readonly options: TreeGrowthOptions,
    threads: TreeBuilderThreads | null = null,
  ) {
    const shared = threads !== null && threads.threads.size > 0;
    this.rows = shared ? sharedArray(Uint32Array, data.numRows) : new Uint32Array(data.numRows);
    this.#scratchRows = new Uint32Array(data.numRows);
    this.#layout = createHistogramLayout(data.numBins, data.categorical);
    this.#pool = new HistogramPool(this.#layout.size);
    this.#rowMajorCodes = toRowMajorCodes(data.codes, data.numRows, shared);
    if (shared) {
      this.#parallel = new ParallelHistograms(threads.threads, {
        codes: this.#rowMajorCodes,
        rows: this.rows,
        grad: threads.grad,
        hess: threads.hess,
        layout: this.#layout,
      });
    }
  }

  /** Releases the histogram threads, if any; the builder must not grow trees afterwards. */
  close(): void {
    this.#parallel?.stop();
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
      root.hist = this.#pool.acquire();
      this.#fillHistogram(root.hist, root, grad, hess);
      root.split = this.#findSplit(root);
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
      if (leaf.hist) this.#pool.release(leaf.hist);
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
    return { node, start, end, depth, grad, hess, hist: null, split: null };
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
    const parentHist = parent.hist!;
    parent.hist = null;
    const room = this.options.numLeaves - numLeaves;
    if (!this.#splittable(left, room) && !this.#splittable(right, room)) {
      this.#pool.release(parentHist);
      return;
    }
    const [small, large] =
      left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.hist = this.#pool.acquire();
    this.#fillHistogram(small.hist, small, grad, hess);
    large.hist = parentHist;
    // Histogram of the larger child = parent − smaller child: halves the passes over rows.
    if (this.options.histogramSubtraction) subtractHistogram(large.hist, small.hist);
    else this.#fillHistogram(large.hist, large, grad, hess);
    for (const child of [left, right]) {
      if (this.#splittable(child, room)) child.split = this.#findSplit(child);
      if (!child.split && child.hist) {
        this.#pool.release(child.hist);
        child.hist = null;
      }
    }
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

  #fillHistogram(hist: Float64Array, leaf: Leaf, grad: Float64Array, hess: Float64Array): void {
    if (this.#parallel && leaf.end - leaf.start >= MIN_PARALLEL_ROWS) {
      this.#parallel.build(hist, leaf.start, leaf.end, grad, hess);
      return;
    }
    const { start, end } = leaf;
    buildHistogram(hist, this.#layout, this.#rowMajorCodes, this.rows, start, end, grad, hess);
  }

  #findSplit(leaf: Leaf): SplitCandidate | null {
    const count = leaf.end - leaf.start;
    const hist = leaf.hist!;
    return findBestSplit(
      hist,
      this.#layout,
      leaf.grad,
      leaf.hess,
      count,
      this.options,
      this.#allowed,
    );
  }
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
