import { BIN_STRIDE, type FeatureRange, type HistogramLayout } from './histogram.js';

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
  readonly gradLeft: number;
  readonly hessLeft: number;
}

/** Limits a split must respect. */
export interface SplitConstraints {
  readonly minSamplesLeaf: number;
  readonly minHessian: number;
  readonly l1: number;
  readonly l2: number;
  readonly minGain: number;
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

/**
 * Scans the histogram of every allowed feature in `range` for the split of highest gain; null
 * when none is allowed. `allowed` (one flag per feature) implements column subsampling.
 */
export function findBestSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  range: FeatureRange,
  sumGrad: number,
  sumHess: number,
  count: number,
  limits: SplitConstraints,
  allowed: Uint8Array | null,
): SplitCandidate | null {
  const { minSamplesLeaf, minHessian, l1, l2 } = limits;
  const score = (g: number, h: number): number => {
    const s = shrinkGradient(g, l1);
    return (s * s) / (h + l2);
  };
  const parentScore = score(sumGrad, sumHess);
  const rows = rowEstimator(count, sumHess);
  let bestGain = limits.minGain;
  let best: SplitCandidate | null = null;
  // Strict ">" keeps the first of equal gains (lowest feature, then lowest bin): deterministic.
  const consider = (
    feature: number,
    bin: number,
    defaultLeft: boolean,
    gL: number,
    hL: number,
    leftBins: (() => number[]) | null = null,
  ): void => {
    const cL = rows(hL);
    const cR = count - cL;
    const hR = sumHess - hL;
    if (cL < minSamplesLeaf || cR < minSamplesLeaf || hL < minHessian || hR < minHessian) return;
    const gain = score(gL, hL) + score(sumGrad - gL, hR) - parentScore;
    if (gain <= bestGain) return;
    bestGain = gain;
    best = {
      ...{ gain, feature, bin, defaultLeft, leftBins: leftBins ? leftBins() : null },
      ...{ gradLeft: gL, hessLeft: hL },
    };
  };
  for (let f = range.from; f < range.to; f++) {
    if (allowed && allowed[f] === 0) continue;
    if (layout.categorical[f]) {
      scanCategorical(hist, layout, f, rows, consider);
      continue;
    }
    const numBins = layout.numBins[f]!;
    const base = layout.strideOffsets[f]!;
    const missing = base + numBins * BIN_STRIDE;
    const gM = hist[missing]!;
    const hM = hist[missing + 1]!;
    const cM = rows(hM);
    let gL = 0;
    let hL = 0;
    for (let b = 0; b < numBins - 1; b++) {
      const k = base + b * BIN_STRIDE;
      gL += hist[k]!;
      hL += hist[k + 1]!;
      const cL = rows(hL);
      // Cheap bounds first: too few rows on the left either way, or (for good, as cL only
      // grows) too few on the right.
      if (cL === 0 || cL + cM < minSamplesLeaf) continue;
      if (count - cL < minSamplesLeaf) break;
      if (cM === 0) {
        // No missing values here: at predict time they join the child that saw more rows.
        consider(f, b, cL >= count - cL, gL, hL);
      } else {
        consider(f, b, false, gL, hL);
        consider(f, b, true, gL + gM, hL + hM);
      }
    }
    // Missing values alone on the right: splits "has a value" from "is missing".
    if (cM > 0 && numBins > 0) consider(f, numBins - 1, false, sumGrad - gM, sumHess - hM);
  }
  return best;
}

/**
 * Row counts estimated from hessian sums (histograms keep no counts), as LightGBM does: exact when
 * every hessian is 1, and rounded so an empty bin counts 0 despite subtraction's rounding residue.
 */
function rowEstimator(count: number, sumHess: number): (hess: number) => number {
  const rowsPerHessian = sumHess > 0 ? count / sumHess : 0;
  return (hess) => Math.round(hess * rowsPerHessian);
}

type Consider = (
  feature: number,
  bin: number,
  defaultLeft: boolean,
  gL: number,
  hL: number,
  leftBins: () => number[],
) => void;

/**
 * Native categorical split, as LightGBM and scikit-learn do it: order the node's categories by
 * smoothed gradient/hessian ratio, then the best split is a prefix of that order (for a convex
 * loss this finds the optimal two-way partition without trying all 2^k subsets). Both directions
 * are scanned so the smaller side can hold either end. The missing bin is a category like any
 * other; categories too rare in the node always go right.
 */
function scanCategorical(
  hist: Float64Array,
  layout: HistogramLayout,
  f: number,
  rows: (hess: number) => number,
  consider: Consider,
): void {
  const numBins = layout.numBins[f]!;
  const base = layout.strideOffsets[f]!;
  const used: number[] = [];
  for (let b = 0; b <= numBins; b++) {
    if (rows(hist[base + b * BIN_STRIDE + 1]!) >= MIN_CATEGORY_SUPPORT) used.push(b);
  }
  if (used.length < 2) return;
  const ratio = (b: number): number => {
    const k = base + b * BIN_STRIDE;
    return hist[k]! / (hist[k + 1]! + CATEGORY_SMOOTHING);
  };
  // Ties broken by bin so the order (and the model) is deterministic.
  used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const limit = Math.min(MAX_CATEGORIES_PER_SIDE, Math.ceil(used.length / 2));
  for (const order of [used, [...used].reverse()]) {
    let gL = 0;
    let hL = 0;
    let missingLeft = false;
    for (let i = 0; i < Math.min(limit, used.length - 1); i++) {
      const bin = order[i]!;
      const k = base + bin * BIN_STRIDE;
      gL += hist[k]!;
      hL += hist[k + 1]!;
      missingLeft ||= bin === numBins;
      // The list is built only for a split that becomes the best so far.
      const leftBins = () => order.slice(0, i + 1).sort((a, b) => a - b);
      consider(f, -1, missingLeft, gL, hL, leftBins);
    }
  }
}
