import { coverShare, treeDepth, type ShapTree } from './shap-tree.js';

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) for one tree.
 *
 * Walking down the tree, it keeps the path of distinct features split on so far, each with the
 * share of coalitions-without-it that flow this way (`zero`, by cover) and whether the row itself
 * flows this way (`one`), plus the weight of every coalition size (`weight`). At a leaf, the
 * attribution of each path feature is the leaf value times the summed weights with that feature
 * unwound, times (one − zero). Cost is O(leaves × depth²) per row.
 */
export class TreeShapExplainer {
  readonly #tree: ShapTree;
  readonly #numOutputs: number;
  // One path per recursion level, laid out back to back (level d starts where d−1 ends).
  readonly #feature: Int32Array;
  readonly #zero: Float64Array;
  readonly #one: Float64Array;
  readonly #weight: Float64Array;
  #row: (feature: number) => number = () => NaN;
  #phi: Float64Array = new Float64Array(0);
  #numFeatures = 0;

  constructor(tree: ShapTree, numOutputs: number) {
    this.#tree = tree;
    this.#numOutputs = numOutputs;
    const size = pathBufferSize(tree);
    this.#feature = new Int32Array(size);
    this.#zero = new Float64Array(size);
    this.#one = new Float64Array(size);
    this.#weight = new Float64Array(size);
  }

  /**
   * Adds this tree's SHAP values for one row to `phi`, laid out output-major (output k, feature f
   * at `k * numFeatures + f`). `row(f)` is the row's value of feature f, NaN when missing.
   */
  addRow(row: (feature: number) => number, numFeatures: number, phi: Float64Array): void {
    this.#row = row;
    this.#phi = phi;
    this.#numFeatures = numFeatures;
    this.#recurse(0, 0, 0, 1, 1, -1);
  }

  #recurse(
    node: number,
    parentStart: number,
    depth: number,
    zeroFraction: number,
    oneFraction: number,
    splitFeature: number,
  ): void {
    const tree = this.#tree;
    // This level's path is a copy of the parent's, so siblings never see each other's changes.
    const start = depth === 0 ? 0 : parentStart + depth;
    if (depth > 0) this.#copyPath(parentStart, start, depth);
    this.#extend(start, depth, zeroFraction, oneFraction, splitFeature);
    const feature = tree.feature[node]!;
    if (feature < 0) {
      this.#addLeaf(node, start, depth);
      return;
    }
    const goLeft = tree.goesLeft(node, this.#row(feature));
    const hot = goLeft ? tree.left[node]! : tree.right[node]!;
    const cold = goLeft ? tree.right[node]! : tree.left[node]!;
    let incomingZero = 1;
    let incomingOne = 1;
    let uniqueDepth = depth;
    // A feature split on again further down: unwind its earlier entry and carry its fractions.
    for (let i = 1; i <= depth; i++) {
      if (this.#feature[start + i] === feature) {
        incomingZero = this.#zero[start + i]!;
        incomingOne = this.#one[start + i]!;
        this.#unwind(start, depth, i);
        uniqueDepth--;
        break;
      }
    }
    const hotZero = coverShare(tree, node, hot) * incomingZero;
    const coldZero = coverShare(tree, node, cold) * incomingZero;
    this.#recurse(hot, start, uniqueDepth + 1, hotZero, incomingOne, feature);
    this.#recurse(cold, start, uniqueDepth + 1, coldZero, 0, feature);
  }

  #addLeaf(node: number, start: number, depth: number): void {
    const k = this.#numOutputs;
    const values = this.#tree.value;
    for (let i = 1; i <= depth; i++) {
      const scale =
        this.#unwoundSum(start, depth, i) * (this.#one[start + i]! - this.#zero[start + i]!);
      const f = this.#feature[start + i]!;
      for (let out = 0; out < k; out++) {
        this.#phi[out * this.#numFeatures + f]! += scale * values[node * k + out]!;
      }
    }
  }

  // Plain loops: paths are a few entries long, too short for copyWithin's call overhead.
  #copyPath(from: number, to: number, length: number): void {
    const feature = this.#feature;
    const zero = this.#zero;
    const one = this.#one;
    const weight = this.#weight;
    for (let i = 0; i < length; i++) {
      feature[to + i] = feature[from + i]!;
      zero[to + i] = zero[from + i]!;
      one[to + i] = one[from + i]!;
      weight[to + i] = weight[from + i]!;
    }
  }

  // Appends a feature to the path and updates the weight of each coalition size.
  #extend(start: number, depth: number, zero: number, one: number, feature: number): void {
    const w = this.#weight;
    this.#feature[start + depth] = feature;
    this.#zero[start + depth] = zero;
    this.#one[start + depth] = one;
    w[start + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[start + i + 1]! += (one * w[start + i]! * (i + 1)) / (depth + 1);
      w[start + i] = (zero * w[start + i]! * (depth - i)) / (depth + 1);
    }
  }

  // Undoes `extend` for the path entry at `index` and removes it from the path.
  #unwind(start: number, depth: number, index: number): void {
    const w = this.#weight;
    const one = this.#one[start + index]!;
    const zero = this.#zero[start + index]!;
    let nextOne = w[start + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const kept = w[start + i]!;
        w[start + i] = (nextOne * (depth + 1)) / ((i + 1) * one);
        nextOne = kept - (w[start + i]! * zero * (depth - i)) / (depth + 1);
      } else {
        w[start + i] = (w[start + i]! * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      this.#feature[start + i] = this.#feature[start + i + 1]!;
      this.#zero[start + i] = this.#zero[start + i + 1]!;
      this.#one[start + i] = this.#one[start + i + 1]!;
    }
  }

  // Total coalition weight with the entry at `index` unwound, without changing the path.
  #unwoundSum(start: number, depth: number, index: number): number {
    const w = this.#weight;
    const one = this.#one[start + index]!;
    const zero = this.#zero[start + index]!;
    const scale = depth + 1;
    let nextOne = w[start + depth]!;
    let total = 0;
    if (one !== 0) {
      const zeroShare = zero / scale;
      const oneShare = scale / one;
      for (let i = depth - 1; i >= 0; i--) {
        const share = (nextOne * oneShare) / (i + 1);
        total += share;
        nextOne = w[start + i]! - share * zeroShare * (depth - i);
      }
    } else if (zero !== 0) {
      const zeroShare = scale / zero;
      for (let i = depth - 1; i >= 0; i--) total += (w[start + i]! * zeroShare) / (depth - i);
    }
    return total;
  }
}

/**
 * Room for every recursion level's path at once. A path holds at most one entry per distinct
 * feature (plus the root's), so a deep tree on few features needs depth × features, not depth².
 */
function pathBufferSize(tree: ShapTree): number {
  const depth = treeDepth(tree);
  const distinct = new Set<number>();
  for (let i = 0; i < tree.feature.length; i++) {
    if (tree.feature[i]! >= 0) distinct.add(tree.feature[i]!);
  }
  let size = 0;
  for (let level = 0; level <= depth + 1; level++) size += Math.min(level, distinct.size) + 1;
  return size;
}
