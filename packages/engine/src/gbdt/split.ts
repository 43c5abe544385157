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
  const scan = new SplitScan(node, q, units, limits);
  for (let f = range.from; f < range.to; f++) {
    if (allowed && allowed[f] === 0) continue;
    if (layout.categorical[f]) scan.offer(bestCategoricalSplit(hist, layout, f, scan));
    else scan.scanNumeric(hist, f, layout.numBins[f]!);
  }
  return scan.best;
}

/**
 * The running best split of one node. A class with plain fields rather than closures over
 * mutable locals: V8 keeps the fields in registers-friendly form, and the bin loop is the
 * hottest JavaScript of training (~40 million bins per 100 trees).
 */
class SplitScan {
  best: SplitCandidate | null = null;
  bestGain: number;
  readonly scale: number;
  readonly inverseScale: number;
  readonly gradUnit: number;
  readonly hessUnit: number;
  readonly sum: number;
  readonly count: number;
  readonly gTotal: number;
  readonly hTotal: number;
  readonly parentScore: number;
  readonly rowsPerUnit: number;
  readonly minSamplesLeaf: number;
  readonly minHessian: number;
  readonly l1: number;
  readonly l2: number;

  constructor(node: NodeTotals, q: Quantization, units: QuantizedUnits, limits: SplitConstraints) {
    this.bestGain = limits.minGain;
    this.scale = q.scale;
    this.inverseScale = 1 / q.scale;
    this.gradUnit = units.gradUnit;
    this.hessUnit = units.hessUnit;
    this.sum = node.sum;
    this.count = node.count;
    this.gTotal = Math.floor(node.sum / q.scale);
    this.hTotal = node.sum - this.gTotal * q.scale;
    this.minSamplesLeaf = limits.minSamplesLeaf;
    this.minHessian = limits.minHessian;
    this.l1 = limits.l1;
    this.l2 = limits.l2;
    this.parentScore = score(
      this.gTotal * units.gradUnit,
      this.hTotal * units.hessUnit,
      this.l1,
      this.l2,
    );
    // Row counts estimated from hessian sums (histograms keep no counts), as LightGBM does:
    // exact when every hessian is equal, and rounded so an empty bin counts 0.
    this.rowsPerUnit = this.hTotal > 0 ? node.count / this.hTotal : 0;
  }

  /** The gain of sending packed sum `left` left, or -Infinity when a child breaks a limit. */
  gainOf(left: number): number {
    const gL = Math.floor(left * this.inverseScale);
    const hL = left - gL * this.scale;
    const cL = Math.round(hL * this.rowsPerUnit);
    if (cL < this.minSamplesLeaf || this.count - cL < this.minSamplesLeaf) return -Infinity;
    const hessLeft = hL * this.hessUnit;
    const hessRight = (this.hTotal - hL) * this.hessUnit;
    if (hessLeft < this.minHessian || hessRight < this.minHessian) return -Infinity;
    const gradLeft = gL * this.gradUnit;
    const gradRight = (this.gTotal - gL) * this.gradUnit;
    return (
      score(gradLeft, hessLeft, this.l1, this.l2) +
      score(gradRight, hessRight, this.l1, this.l2) -
      this.parentScore
    );
  }

  // Strict ">" keeps the first of equal gains (lowest feature, then lowest bin): deterministic.
  consider(f: number, bin: number, defaultLeft: boolean, left: number): void {
    const gain = this.gainOf(left);
    if (gain <= this.bestGain) return;
    this.bestGain = gain;
    this.best = { gain, feature: f, bin, defaultLeft, leftBins: null, sumLeft: left };
  }

  offer(split: SplitCandidate | null): void {
    if (!split || split.gain <= this.bestGain) return;
    this.bestGain = split.gain;
    this.best = split;
  }

  scanNumeric(hist: Float64Array, f: number, numBins: number): void {
    const { scale, inverseScale, rowsPerUnit, minSamplesLeaf, count } = this;
    const base = f * BINS_PER_FEATURE;
    const missing = hist[base + numBins]!;
    const cM = Math.round(packedHessOf(missing, scale, inverseScale) * rowsPerUnit);
    let left = 0;
    for (let b = 0; b < numBins - 1; b++) {
      left += hist[base + b]!;
      const cL = Math.round(packedHessOf(left, scale, inverseScale) * rowsPerUnit);
      // Cheap bounds first: too few rows on the left either way, or (for good, as cL only
      // grows) too few on the right.
      if (cL === 0 || cL + cM < minSamplesLeaf) continue;
      if (count - cL < minSamplesLeaf) break;
      if (cM === 0) {
        // No missing values here: at predict time they join the child that saw more rows.
        this.consider(f, b, cL >= count - cL, left);
      } else {
        this.consider(f, b, false, left);
        this.consider(f, b, true, left + missing);
      }
    }
    // Missing values alone on the right: splits "has a value" from "is missing".
    if (cM > 0 && numBins > 0) this.consider(f, numBins - 1, false, this.sum - missing);
  }
}

// The hessian part of a packed sum; `inverse` is 1 / scale, exact as scale is a power of two
// (a multiply instead of a divide in the bin loop).
function packedHessOf(sum: number, scale: number, inverse: number): number {
  return sum - Math.floor(sum * inverse) * scale;
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
  scan: SplitScan,
): SplitCandidate | null {
  const { scale, inverseScale, rowsPerUnit, gradUnit, hessUnit } = scan;
  const numBins = layout.numBins[f]!;
  const base = f * BINS_PER_FEATURE;
  const used: number[] = [];
  for (let b = 0; b <= numBins; b++) {
    const rows = Math.round(packedHessOf(hist[base + b]!, scale, inverseScale) * rowsPerUnit);
    if (rows >= MIN_CATEGORY_SUPPORT) used.push(b);
  }
  if (used.length < 2) return null;
  const ratio = (b: number): number => {
    const sum = hist[base + b]!;
    const g = Math.floor(sum * inverseScale);
    const h = sum - g * scale;
    return (g * gradUnit) / (h * hessUnit + CATEGORY_SMOOTHING);
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
      const gain = scan.gainOf(left);
      if (gain > (best?.gain ?? -Infinity)) {
        // The list is built only for a split that becomes the best so far.
        const leftBins = order.slice(0, i + 1).sort((a, b) => a - b);
        best = { gain, feature: f, bin: -1, defaultLeft: missingLeft, leftBins, sumLeft: left };
      }
    }
  }
  return best;
}
