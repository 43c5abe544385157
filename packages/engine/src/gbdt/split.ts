import { BINS_PER_FEATURE, type FeatureRange, type HistogramLayout } from './histogram.js';
import type { Quantization, QuantizedUnits } from './quantize.js';

/**
 * The best split of one node. Numeric: value bins <= `bin` go left and missing values follow
 * `defaultLeft`. Categorical: the bins listed in `leftBins` go left (the missing bin among them
 * when `defaultLeft`), every other bin goes right.
 */
export interface SplitCandidate {
  readonly gain: number;
  readonly feature: number;
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly leftBins: readonly number[] | null;
  /** Packed quantised gradient and hessian sum of the left child (see quantize.ts). */
  readonly sumLeft: number;
}

/** Limits a split must respect. */
export interface SplitConstraints {
  readonly minSamplesLeaf: number;
  readonly minHessian: number;
  readonly l1: number;
  readonly l2: number;
  readonly minGain: number;
}

/** A node to split: its packed gradient sum and its row count. */
export interface NodeTotals {
  readonly sum: number;
  readonly count: number;
}

// A category needs this many rows of the node to take part in a categorical split, and its
// gradient ratio is smoothed by as much hessian: tiny categories would otherwise sort to the ends
// on noise (scikit-learn and LightGBM use 10 for both).
const MIN_CATEGORY_SUPPORT = 10;
const CATEGORY_SMOOTHING = 10;
// Most categories on the smaller side of a categorical split (LightGBM's max_cat_threshold).
const MAX_CATEGORIES_PER_SIDE = 32;

/** The L1-shrunk gradient sum: the leaf value and gain both use it (soft thresholding). */
export function shrinkGradient(g: number, l1: number): number {
  if (l1 === 0) return g;
  return g > l1 ? g - l1 : g < -l1 ? g + l1 : 0;
}

function score(g: number, h: number, l1: number, l2: number): number {
  const s = shrinkGradient(g, l1);
  return (s * s) / (h + l2);
}

/**
 * Scans the histogram (packed quantised sums) of every allowed feature in `range` for the split
 * of highest gain; null when none is allowed. `allowed` (one flag per feature) implements column
 * subsampling. Gains are computed on the dequantised sums.
 */
export function findBestSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  range: FeatureRange,
  node: NodeTotals,
  q: Quantization,
  units: QuantizedUnits,
  limits: SplitConstraints,
  allowed: Uint8Array | null,
): SplitCandidate | null {
  const { minSamplesLeaf, minHessian, l1, l2 } = limits;
  const { scale } = q;
  const { gradUnit, hessUnit } = units;
  const { sum, count } = node;
  const gTotal = Math.floor(sum / scale);
  const hTotal = sum - gTotal * scale;
  const sumGrad = gTotal * gradUnit;
  const sumHess = hTotal * hessUnit;
  const parentScore = score(sumGrad, sumHess, l1, l2);
  // Row counts estimated from hessian sums (histograms keep no counts), as LightGBM does: exact
  // when every hessian is equal, and rounded so an empty bin counts 0.
  const rowsPerUnit = hTotal > 0 ? count / hTotal : 0;
  let bestGain = limits.minGain;
  let best: SplitCandidate | null = null;
  // The gain of sending packed sum `left` left, or -Infinity when a child breaks a limit.
  const gainOf = (left: number): number => {
    const gL = Math.floor(left / scale);
    const hL = left - gL * scale;
    const cL = Math.round(hL * rowsPerUnit);
    if (cL < minSamplesLeaf || count - cL < minSamplesLeaf) return -Infinity;
    const hessLeft = hL * hessUnit;
    const hessRight = (hTotal - hL) * hessUnit;
    if (hessLeft < minHessian || hessRight < minHessian) return -Infinity;
    return (
      score(gL * gradUnit, hessLeft, l1, l2) +
      score((gTotal - gL) * gradUnit, hessRight, l1, l2) -
      parentScore
    );
  };
  // Strict ">" keeps the first of equal gains (lowest feature, then lowest bin): deterministic.
  const consider = (f: number, bin: number, defaultLeft: boolean, left: number): void => {
    const gain = gainOf(left);
    if (gain <= bestGain) return;
    bestGain = gain;
    best = { gain, feature: f, bin, defaultLeft, leftBins: null, sumLeft: left };
  };
  for (let f = range.from; f < range.to; f++) {
    if (allowed && allowed[f] === 0) continue;
    if (layout.categorical[f]) {
      const split = bestCategoricalSplit(hist, layout, f, rowsPerUnit, q, units, gainOf);
      if (split && split.gain > bestGain) {
        bestGain = split.gain;
        best = split;
      }
      continue;
    }
    const numBins = layout.numBins[f]!;
    const base = f * BINS_PER_FEATURE;
    const missing = hist[base + numBins]!;
    const cM = Math.round(packedHessOf(missing, scale) * rowsPerUnit);
    let left = 0;
    for (let b = 0; b < numBins - 1; b++) {
      left += hist[base + b]!;
      const cL = Math.round(packedHessOf(left, scale) * rowsPerUnit);
      // Cheap bounds first: too few rows on the left either way, or (for good, as cL only
      // grows) too few on the right.
      if (cL === 0 || cL + cM < minSamplesLeaf) continue;
      if (count - cL < minSamplesLeaf) break;
      if (cM === 0) {
        // No missing values here: at predict time they join the child that saw more rows.
        consider(f, b, cL >= count - cL, left);
      } else {
        consider(f, b, false, left);
        consider(f, b, true, left + missing);
      }
    }
    // Missing values alone on the right: splits "has a value" from "is missing".
    if (cM > 0 && numBins > 0) consider(f, numBins - 1, false, sum - missing);
  }
  return best;
}

function packedHessOf(sum: number, scale: number): number {
  return sum - Math.floor(sum / scale) * scale;
}

/**
 * Native categorical split, as LightGBM and scikit-learn do it: order the node's categories by
 * smoothed gradient/hessian ratio, then the best split is a prefix of that order (for a convex
 * loss this finds the optimal two-way partition without trying all 2^k subsets). Both directions
 * are scanned so the smaller side can hold either end. The missing bin is a category like any
 * other; categories too rare in the node always go right.
 */
function bestCategoricalSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  f: number,
  rowsPerUnit: number,
  q: Quantization,
  units: QuantizedUnits,
  gainOf: (left: number) => number,
): SplitCandidate | null {
  const numBins = layout.numBins[f]!;
  const base = f * BINS_PER_FEATURE;
  const used: number[] = [];
  for (let b = 0; b <= numBins; b++) {
    const rows = Math.round(packedHessOf(hist[base + b]!, q.scale) * rowsPerUnit);
    if (rows >= MIN_CATEGORY_SUPPORT) used.push(b);
  }
  if (used.length < 2) return null;
  const ratio = (b: number): number => {
    const sum = hist[base + b]!;
    const g = Math.floor(sum / q.scale);
    const h = sum - g * q.scale;
    return (g * units.gradUnit) / (h * units.hessUnit + CATEGORY_SMOOTHING);
  };
  // Ties broken by bin so the order (and the model) is deterministic.
  used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const limit = Math.min(MAX_CATEGORIES_PER_SIDE, Math.ceil(used.length / 2));
  let best: SplitCandidate | null = null;
  for (const order of [used, [...used].reverse()]) {
    let left = 0;
    let missingLeft = false;
    for (let i = 0; i < Math.min(limit, used.length - 1); i++) {
      const bin = order[i]!;
      left += hist[base + bin]!;
      missingLeft ||= bin === numBins;
      const gain = gainOf(left);
      if (gain > (best?.gain ?? -Infinity)) {
        // The list is built only for a split that becomes the best so far.
        const leftBins = order.slice(0, i + 1).sort((a, b) => a - b);
        best = { gain, feature: f, bin: -1, defaultLeft: missingLeft, leftBins, sumLeft: left };
      }
    }
  }
  return best;
}
