import type { BinnedTable } from '../binning.js';

/**
 * Per-row training targets of a forest tree, as "outputs" a histogram sums. Classification has
 * one output per class (a row adds its weight to its class's output: one-hot targets), so the
 * sum over outputs of the squared-error reduction is exactly the weighted Gini decrease.
 * Regression has one output, the target minus the training mean (centred for precision).
 */
export interface TreeTargets {
  readonly numOutputs: number;
  /** Class code of each row (classification), else null. */
  readonly classOf: Int32Array | null;
  /** Centred target of each row (regression), else null. */
  readonly centred: Float64Array | null;
}

/** Weighted totals of the rows in one node. */
export interface NodeTotals {
  /** Weighted sum of each output (class counts, or the centred target sum). */
  readonly sums: number[];
  readonly weight: number;
  /** Distinct training rows (bootstrap duplicates count once, as in scikit-learn). */
  readonly rows: number;
  /** Sum over outputs of sum² / weight: the split gain is the children's score minus this. */
  readonly score: number;
}

/** The best split found so far at one node; `gain` is the weighted impurity decrease. */
export interface ForestSplit {
  gain: number;
  feature: number;
  /** Numeric splits: value bins <= this go left. */
  bin: number;
  /** Categorical splits: the bins that go left (ascending), else null. */
  leftBins: number[] | null;
  /** Where missing values go. */
  defaultLeft: boolean;
}

/**
 * Finds the best split of a node one feature at a time on a single-feature histogram. Unlike the
 * GBDT there is no histogram subtraction: a forest looks at only a few features per node, so
 * building just those from the node's rows is cheaper than keeping every feature's histogram.
 */
export class NodeSplitFinder {
  readonly #k: number;
  // Per bin: the k output sums, the weight, then the count of distinct rows.
  readonly #stride: number;
  readonly #hist: Float64Array;
  // Bins the node's rows fall in; a deep node touches few of 256, so only those are scanned.
  readonly #present = new Int32Array(256);
  readonly #left: Float64Array;
  readonly #order: number[] = [];
  readonly #mask = new Uint32Array(8);
  // The current node's rows, weights and targets (class, or weight × centred target) in order.
  #rows: Uint32Array;
  readonly #nodeWeight: Float64Array;
  readonly #nodeClass: Int32Array;
  readonly #nodeAmount: Float64Array;

  constructor(
    readonly data: BinnedTable,
    readonly targets: TreeTargets,
    readonly minSamplesLeaf: number,
  ) {
    this.#k = targets.numOutputs;
    this.#stride = this.#k + 2;
    this.#hist = new Float64Array(256 * this.#stride);
    this.#left = new Float64Array(this.#k);
    this.#rows = new Uint32Array(0);
    this.#nodeWeight = new Float64Array(data.numRows);
    this.#nodeClass = new Int32Array(targets.classOf ? data.numRows : 0);
    this.#nodeAmount = new Float64Array(targets.classOf ? 0 : data.numRows);
  }

  /**
   * Copies the weights and targets of rows[start..end) into node order, once per node: every
   * feature scanned then reads them sequentially instead of gathering by row id each time.
   */
  gather(rows: Uint32Array, start: number, end: number, weights: Float64Array): void {
    const { classOf, centred } = this.targets;
    this.#rows = rows.subarray(start, end);
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      const w = weights[row]!;
      this.#nodeWeight[i - start] = w;
      if (classOf) this.#nodeClass[i - start] = classOf[row]!;
      else this.#nodeAmount[i - start] = w * centred![row]!;
    }
  }

  /**
   * Scans feature `f` over the rows of the last `gather` and updates `best` when a split beats
   * `best.gain`. Returns false when the feature is constant in the node (it then does not count
   * towards `maxFeatures`, as in scikit-learn).
   */
  scan(f: number, node: NodeTotals, best: ForestSplit): boolean {
    const present = this.#fill(f);
    const constant = present < 2;
    if (!constant) {
      if (this.data.categorical[f]) this.#scanCategorical(f, present, node, best);
      else this.#scanNumeric(f, present, node, best);
    }
    this.#clear(present);
    return !constant;
  }

  #fill(f: number): number {
    const codes = this.data.codes[f]!;
    const hist = this.#hist;
    const present = this.#present;
    const k = this.#k;
    const s = this.#stride;
    const rows = this.#rows;
    const weight = this.#nodeWeight;
    const n = rows.length;
    let numPresent = 0;
    if (this.targets.classOf) {
      const cls = this.#nodeClass;
      for (let i = 0; i < n; i++) {
        const bin = codes[rows[i]!]!;
        const o = bin * s;
        hist[o + cls[i]!]! += weight[i]!;
        hist[o + k]! += weight[i]!;
        if (hist[o + k + 1]!++ === 0) present[numPresent++] = bin;
      }
    } else {
      const amount = this.#nodeAmount;
      for (let i = 0; i < n; i++) {
        const bin = codes[rows[i]!]!;
        const o = bin * 3;
        hist[o]! += amount[i]!;
        hist[o + 1]! += weight[i]!;
        if (hist[o + 2]!++ === 0) present[numPresent++] = bin;
      }
    }
    return numPresent;
  }

  #clear(numPresent: number): void {
    const s = this.#stride;
    for (let i = 0; i < numPresent; i++) {
      const o = this.#present[i]! * s;
      for (let j = o; j < o + s; j++) this.#hist[j] = 0;
    }
  }

  #scanNumeric(f: number, numPresent: number, node: NodeTotals, best: ForestSplit): void {
    const hist = this.#hist;
    const k = this.#k;
    const s = this.#stride;
    const missing = this.data.numBins[f]!;
    const present = this.#sortedPresent(numPresent);
    // The missing bin has the highest code, so it sorts last.
    const hasMissing = present[numPresent - 1] === missing;
    const numValues = hasMissing ? numPresent - 1 : numPresent;
    const mo = missing * s;
    const left = this.#left.fill(0);
    let wL = 0;
    let cL = 0;
    for (let i = 0; i + 1 < numValues; i++) {
      const b = present[i]!;
      const o = b * s;
      for (let c = 0; c < k; c++) left[c]! += hist[o + c]!;
      wL += hist[o + k]!;
      cL += hist[o + k + 1]!;
      // Threshold in the middle of the empty bins up to the next value the node holds, like
      // scikit-learn's midpoint, rather than hugging the lower value.
      const bin = b + ((present[i + 1]! - 1 - b) >> 1);
      if (!hasMissing) {
        this.#consider(best, node, left, wL, cL, -1, f, bin, wL >= node.weight - wL);
      } else {
        this.#consider(best, node, left, wL, cL, -1, f, bin, false);
        this.#consider(best, node, left, wL, cL, mo, f, bin, true);
      }
    }
    if (hasMissing && numValues > 0) {
      // Missing values alone on the right: splits "has a value" from "is missing".
      for (let c = 0; c < k; c++) left[c] = node.sums[c]! - hist[mo + c]!;
      const w = node.weight - hist[mo + k]!;
      const rows = node.rows - hist[mo + k + 1]!;
      this.#consider(best, node, left, w, rows, -1, f, missing - 1, false);
    }
  }

  // Ascending bins in O(bins present + 8): set one bit per bin, then read the bits in order.
  #sortedPresent(numPresent: number): Int32Array {
    const present = this.#present;
    const mask = this.#mask;
    for (let i = 0; i < numPresent; i++) mask[present[i]! >> 5]! |= 1 << (present[i]! & 31);
    let i = 0;
    for (let word = 0; word < 8; word++) {
      let bits = mask[word]!;
      while (bits !== 0) {
        const low = bits & -bits;
        present[i++] = (word << 5) | (31 - Math.clz32(low));
        bits ^= low;
      }
      mask[word] = 0;
    }
    return present;
  }

  /**
   * Orders the node's categories (the missing bin is one of them) by mean target, or for
   * classification by the share of the node's majority class, and tries every prefix of that
   * order. That is the optimal partition for regression and binary targets (Breiman), and a
   * cheap, common heuristic for more classes.
   */
  #scanCategorical(f: number, numPresent: number, node: NodeTotals, best: ForestSplit): void {
    const hist = this.#hist;
    const k = this.#k;
    const s = this.#stride;
    const missing = this.data.numBins[f]!;
    let major = 0;
    for (let c = 1; c < k; c++) if (node.sums[c]! > node.sums[major]!) major = c;
    const order = this.#order;
    order.length = 0;
    for (let i = 0; i < numPresent; i++) order.push(this.#present[i]!);
    const key = (b: number): number => hist[b * s + major]! / hist[b * s + k]!;
    order.sort((a, b) => key(a) - key(b) || a - b);
    const left = this.#left.fill(0);
    let wL = 0;
    let cL = 0;
    let missingLeft = false;
    for (let i = 0; i + 1 < order.length; i++) {
      const b = order[i]!;
      const o = b * s;
      for (let c = 0; c < k; c++) left[c]! += hist[o + c]!;
      wL += hist[o + k]!;
      cL += hist[o + k + 1]!;
      missingLeft ||= b === missing;
      if (this.#consider(best, node, left, wL, cL, -1, f, -1, missingLeft)) {
        best.leftBins = order.slice(0, i + 1).sort((a, b) => a - b);
      }
    }
  }

  // `extra` >= 0 adds that histogram slot (the missing bin) to the left side.
  #consider(
    best: ForestSplit,
    node: NodeTotals,
    left: Float64Array,
    weightLeft: number,
    rowsLeft: number,
    extra: number,
    feature: number,
    bin: number,
    defaultLeft: boolean,
  ): boolean {
    const hist = this.#hist;
    const k = this.#k;
    const wL = extra >= 0 ? weightLeft + hist[extra + k]! : weightLeft;
    const cL = extra >= 0 ? rowsLeft + hist[extra + k + 1]! : rowsLeft;
    const wR = node.weight - wL;
    if (cL < this.minSamplesLeaf || node.rows - cL < this.minSamplesLeaf) return false;
    if (!(wL > 0 && wR > 0)) return false;
    let score = 0;
    for (let c = 0; c < k; c++) {
      const l = extra >= 0 ? left[c]! + hist[extra + c]! : left[c]!;
      const r = node.sums[c]! - l;
      score += (l * l) / wL + (r * r) / wR;
    }
    const gain = score - node.score;
    // Strict ">" keeps the first of equal gains: deterministic for a given feature order.
    if (!(gain > best.gain)) return false;
    best.gain = gain;
    best.feature = feature;
    best.bin = bin;
    best.leftBins = null;
    best.defaultLeft = defaultLeft;
    return true;
  }
}
