import type { BinnedTable } from '../binning.js';
import {
  NodeSplitFinder,
  type ForestSplit,
  type NodeTotals,
  type TreeTargets,
} from './node-split.js';

/** A forest tree over bin codes; node 0 is the root, `feature[n] === -1` marks a leaf. */
export interface BinnedForestTree {
  readonly feature: number[];
  /** Numeric splits: value bins <= this go left. */
  readonly bin: number[];
  /** Categorical splits: the bins that go left (ascending); null elsewhere. */
  readonly leftBins: (readonly number[] | null)[];
  readonly defaultLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  /** `numOutputs` values per node (node n's at n * numOutputs): class shares or the mean. */
  readonly value: number[];
  /** Weighted impurity decrease of the split on internal nodes, 0 on leaves. */
  readonly gain: number[];
  /** Distinct training rows that reached the node. */
  readonly count: number[];
  /** Total row weight (bootstrap draws) that reached the node. */
  readonly weight: number[];
}

/** Growth limits of one forest tree. */
export interface ForestGrowthOptions {
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  readonly maxLeaves: number | null;
  /** Non-constant features to examine per node before settling for the best found. */
  readonly featuresPerSplit: number;
  /** Added to every regression leaf value (the targets are centred on it). */
  readonly offset: number;
}

interface OpenNode extends NodeTotals {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly split: ForestSplit;
}

// Impurity below this share of the node's total sum of squares counts as pure: rounding noise
// must not produce splits that change nothing.
const RELATIVE_TOLERANCE = 1e-12;

/** Grows forest trees (Gini or squared error) on binned rows, reusing buffers across trees. */
export class ForestTreeGrower {
  /** Row ids partitioned so every node owns rows[start..end). */
  readonly rows: Uint32Array;
  readonly #scratch: Uint32Array;
  readonly #finder: NodeSplitFinder;
  readonly #featureOrder: Int32Array;
  readonly #goesLeft = new Uint8Array(256);

  constructor(
    readonly data: BinnedTable,
    readonly targets: TreeTargets,
    readonly options: ForestGrowthOptions,
  ) {
    this.rows = new Uint32Array(data.numRows);
    this.#scratch = new Uint32Array(data.numRows);
    this.#finder = new NodeSplitFinder(data, targets, options.minSamplesLeaf);
    this.#featureOrder = Int32Array.from({ length: data.codes.length }, (_, i) => i);
  }

  /**
   * Grows one tree on the rows of positive `weights` (bootstrap draw counts); under `maxLeaves`,
   * best split first. `random` picks the features examined at each node.
   */
  grow(weights: Float64Array, random: () => number): BinnedForestTree {
    // Same starting order every tree: a tree depends on its own generator only, not on the trees
    // grown before it (so trees could be grown in any order, or on workers).
    this.#featureOrder.forEach((_, i, order) => (order[i] = i));
    const tree: BinnedForestTree = {
      ...{ feature: [], bin: [], leftBins: [], defaultLeft: [], left: [], right: [] },
      ...{ value: [], gain: [], count: [], weight: [] },
    };
    let n = 0;
    for (let row = 0; row < weights.length; row++) if (weights[row]! > 0) this.rows[n++] = row;
    // Best-first only matters under maxLeaves; otherwise every open node gets split, and a
    // stack (depth-first) gives the same tree without the heap's cost.
    const bestFirst = this.options.maxLeaves !== null;
    const push = bestFirst ? pushNode : (open: OpenNode[], item: OpenNode) => open.push(item);
    const open: OpenNode[] = [];
    const root = this.#newNode(tree, 0, n, 0, weights, random);
    if (root) push(open, root);
    let leaves = 1;
    const maxLeaves = this.options.maxLeaves ?? Infinity;
    while (open.length > 0 && leaves < maxLeaves) {
      const parent = bestFirst ? popNode(open) : open.pop()!;
      const mid = this.#partition(parent);
      const s = parent.split;
      tree.feature[parent.node] = s.feature;
      tree.bin[parent.node] = s.bin;
      tree.leftBins[parent.node] = s.leftBins;
      tree.defaultLeft[parent.node] = s.defaultLeft;
      tree.gain[parent.node] = s.gain;
      tree.left[parent.node] = tree.feature.length;
      const left = this.#newNode(tree, parent.start, mid, parent.depth + 1, weights, random);
      tree.right[parent.node] = tree.feature.length;
      const right = this.#newNode(tree, mid, parent.end, parent.depth + 1, weights, random);
      if (left) push(open, left);
      if (right) push(open, right);
      leaves++;
    }
    return tree;
  }

  // Adds a leaf for rows[start..end); returns it with its best split when it can be split.
  #newNode(
    tree: BinnedForestTree,
    start: number,
    end: number,
    depth: number,
    weights: Float64Array,
    random: () => number,
  ): OpenNode | null {
    const k = this.targets.numOutputs;
    const { classOf, centred } = this.targets;
    // A plain array: far cheaper to allocate than a typed array for the few outputs of a node.
    const sums = new Array<number>(k).fill(0);
    let weight = 0;
    let sumSquares = 0;
    for (let i = start; i < end; i++) {
      const row = this.rows[i]!;
      const w = weights[row]!;
      weight += w;
      if (classOf) {
        sums[classOf[row]!]! += w;
      } else {
        const y = centred![row]!;
        sums[0]! += w * y;
        sumSquares += w * y * y;
      }
    }
    if (classOf) sumSquares = weight;
    let score = 0;
    for (let c = 0; c < k; c++) score += (sums[c]! * sums[c]!) / weight;
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.leftBins.push(null);
    tree.defaultLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    for (let c = 0; c < k; c++)
      tree.value.push(sums[c]! / weight + (classOf ? 0 : this.options.offset));
    tree.gain.push(0);
    tree.count.push(end - start);
    tree.weight.push(weight);
    const rows = end - start;
    const o = this.options;
    const impurity = sumSquares - score;
    if (
      rows < o.minSamplesSplit ||
      rows < 2 * o.minSamplesLeaf ||
      (o.maxDepth !== null && depth >= o.maxDepth) ||
      impurity <= RELATIVE_TOLERANCE * sumSquares
    ) {
      return null;
    }
    const totals: NodeTotals = { sums, weight, rows, score };
    const minGain = RELATIVE_TOLERANCE * sumSquares;
    const split = this.#findSplit(start, end, weights, totals, random, minGain);
    return split ? { sums, weight, rows, score, node, start, end, depth, split } : null;
  }

  // Draws features without replacement until `featuresPerSplit` non-constant ones were scanned.
  #findSplit(
    start: number,
    end: number,
    weights: Float64Array,
    totals: NodeTotals,
    random: () => number,
    minGain: number,
  ): ForestSplit | null {
    const best: ForestSplit = {
      gain: minGain,
      feature: -1,
      bin: 0,
      leftBins: null,
      defaultLeft: false,
    };
    this.#finder.gather(this.rows, start, end, weights);
    const order = this.#featureOrder;
    const numFeatures = order.length;
    let scanned = 0;
    for (let j = 0; j < numFeatures && scanned < this.options.featuresPerSplit; j++) {
      const pick = j + Math.floor(random() * (numFeatures - j));
      const f = order[pick]!;
      order[pick] = order[j]!;
      order[j] = f;
      if (this.#finder.scan(f, totals, best)) scanned++;
    }
    return best.feature >= 0 ? best : null;
  }

  // Stable partition: rows keep ascending order inside each node, so column reads stay sequential.
  #partition(node: OpenNode): number {
    const s = node.split;
    const codes = this.data.codes[s.feature]!;
    const missing = this.data.numBins[s.feature]!;
    const goesLeft = this.#goesLeft;
    if (s.leftBins) {
      goesLeft.fill(0);
      for (const b of s.leftBins) goesLeft[b] = 1;
    } else {
      for (let b = 0; b < 256; b++) goesLeft[b] = b <= s.bin ? 1 : 0;
    }
    goesLeft[missing] = s.defaultLeft ? 1 : 0;
    const rows = this.rows;
    const spill = this.#scratch;
    let l = node.start;
    let r = 0;
    for (let i = node.start; i < node.end; i++) {
      const row = rows[i]!;
      if (goesLeft[codes[row]!] === 1) rows[l++] = row;
      else spill[r++] = row;
    }
    rows.set(spill.subarray(0, r), l);
    return l;
  }
}

/** The leaf a row of bin codes reaches in a binned forest tree. */
export function leafOfBinnedRow(tree: BinnedForestTree, data: BinnedTable, row: number): number {
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
  return node;
}

// Max-heap on split gain; equal gains pop in node order so growth is deterministic.
function before(a: OpenNode, b: OpenNode): boolean {
  return a.split.gain > b.split.gain || (a.split.gain === b.split.gain && a.node < b.node);
}

function pushNode(heap: OpenNode[], item: OpenNode): void {
  let i = heap.push(item) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function popNode(heap: OpenNode[]): OpenNode {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
  return top;
}
