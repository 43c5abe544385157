import { KERNEL_BINS_PER_FEATURE } from '../wasm/histogram.js';

/** Slots per feature in a histogram: one per uint8 code, so bin (f, code) is f · 256 + code. */
export const BINS_PER_FEATURE = KERNEL_BINS_PER_FEATURE;

/**
 * The bins of a flat histogram. Each slot holds the packed quantised gradient and hessian sum of
 * its rows (see quantize.ts); feature f's value bins are codes 0..numBins[f]-1, its missing bin is
 * code numBins[f].
 */
export interface HistogramLayout {
  readonly numBins: readonly number[];
  /** Whether each feature is categorical (split by category sets, not thresholds). */
  readonly categorical: readonly boolean[];
  /** Length of one histogram array. */
  readonly size: number;
}

/** Lays out `numBins.length` features of 256 slots each. */
export function createHistogramLayout(
  numBins: readonly number[],
  categorical: readonly boolean[],
): HistogramLayout {
  return { numBins, categorical, size: numBins.length * BINS_PER_FEATURE };
}

/** Copies column-major bin codes into `out` row-major (row r's codes at r * numFeatures): one
 * cache line per row when a node gathers its rows, instead of one per feature. */
export function toRowMajorCodes(
  codes: readonly Uint8Array[],
  numRows: number,
  out: Uint8Array,
): void {
  const numFeatures = codes.length;
  codes.forEach((column, f) => {
    for (let r = 0; r < numRows; r++) out[r * numFeatures + f] = column[r]!;
  });
}

/** A contiguous range of features, [from, to): one thread's share of the split scan. */
export interface FeatureRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Fills `hist` with the per-bin sums of packed gradients over rows[start..end), in JavaScript: the
 * fallback where WebAssembly is not available (see wasm/histogram.ts for the same loop).
 */
export function buildHistogramScalar(
  hist: Float64Array,
  numFeatures: number,
  rowMajorCodes: Uint8Array,
  rows: Uint32Array,
  start: number,
  end: number,
  packed: Float64Array,
): void {
  hist.fill(0);
  const unrolledEnd = numFeatures - (numFeatures % 4);
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const value = packed[row]!;
    const base = row * numFeatures;
    // Unrolled by 4: independent bins per step let V8's code overlap the adds.
    let f = 0;
    for (; f < unrolledEnd; f += 4) {
      hist[(f << 8) | rowMajorCodes[base + f]!]! += value;
      hist[((f + 1) << 8) | rowMajorCodes[base + f + 1]!]! += value;
      hist[((f + 2) << 8) | rowMajorCodes[base + f + 2]!]! += value;
      hist[((f + 3) << 8) | rowMajorCodes[base + f + 3]!]! += value;
    }
    for (; f < numFeatures; f++) hist[(f << 8) | rowMajorCodes[base + f]!]! += value;
  }
}

/** parent −= child over the features in `range`: turns the parent's histogram into the other
 * child's (exact: the sums are integers). */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  range: FeatureRange,
): void {
  const [start, end] = histogramSpan(range);
  for (let k = start; k < end; k++) parent[k]! -= child[k]!;
}

/** The slots of a histogram array that hold the bins of the features in `range`. */
export function histogramSpan(range: FeatureRange): [number, number] {
  return [range.from * BINS_PER_FEATURE, range.to * BINS_PER_FEATURE];
}
