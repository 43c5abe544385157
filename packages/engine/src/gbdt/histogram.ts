/** Values stored per bin: gradient sum, hessian sum. */
export const BIN_STRIDE = 2;

/** Where each feature's bins start in a flat histogram (each feature has numBins + 1 slots). */
export interface HistogramLayout {
  /** First slot of each feature; slot `offsets[f] + numBins[f]` is its missing bin. */
  readonly offsets: Int32Array;
  /** `offsets` times BIN_STRIDE: index of each feature's first value in a histogram array. */
  readonly strideOffsets: Int32Array;
  readonly numBins: readonly number[];
  /** Whether each feature is categorical (split by category sets, not thresholds). */
  readonly categorical: readonly boolean[];
  /** Length of one histogram array. */
  readonly size: number;
}

/** Lays out the bins of every feature, value bins first, then the missing bin. */
export function createHistogramLayout(
  numBins: readonly number[],
  categorical: readonly boolean[],
): HistogramLayout {
  const offsets = new Int32Array(numBins.length);
  let slots = 0;
  numBins.forEach((n, f) => {
    offsets[f] = slots;
    slots += n + 1;
  });
  const strideOffsets = offsets.map((o) => o * BIN_STRIDE);
  return { offsets, strideOffsets, numBins, categorical, size: slots * BIN_STRIDE };
}

/** Bin codes row-major (row r's codes at r * numFeatures): one cache line per row when a node
 * gathers its rows, instead of one per feature. */
export function toRowMajorCodes(
  codes: readonly Uint8Array[],
  numRows: number,
  shared = false,
): Uint8Array {
  const numFeatures = codes.length;
  const size = numRows * numFeatures;
  // Shared memory when worker threads read it too (see parallel.ts).
  const out = shared
    ? new Uint8Array(new SharedArrayBuffer(Math.max(1, size)))
    : new Uint8Array(size);
  codes.forEach((column, f) => {
    for (let r = 0; r < numRows; r++) out[r * numFeatures + f] = column[r]!;
  });
  return out;
}

/** A contiguous range of features, [from, to): one thread's share of the split scan. */
export interface FeatureRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Fills `hist` with per-bin gradient and hessian sums over rows[start..end). No row count: the
 * split scan estimates counts from hessians, as LightGBM does (exact when hessians are all 1),
 * and a third fewer writes per row and feature is the largest single saving in training.
 */
export function buildHistogram(
  hist: Float64Array,
  layout: HistogramLayout,
  rowMajorCodes: Uint8Array,
  rows: Uint32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  hist.fill(0);
  const numFeatures = layout.numBins.length;
  const offsets = layout.strideOffsets;
  const unrolledEnd = numFeatures - (numFeatures % 4);
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const g = grad[row]!;
    const h = hess[row]!;
    const base = row * numFeatures;
    // Unrolled by 4: independent bins per step let V8's code overlap the adds (~1.6x faster).
    let f = 0;
    for (; f < unrolledEnd; f += 4) {
      const k0 = offsets[f]! + rowMajorCodes[base + f]! * BIN_STRIDE;
      const k1 = offsets[f + 1]! + rowMajorCodes[base + f + 1]! * BIN_STRIDE;
      const k2 = offsets[f + 2]! + rowMajorCodes[base + f + 2]! * BIN_STRIDE;
      const k3 = offsets[f + 3]! + rowMajorCodes[base + f + 3]! * BIN_STRIDE;
      hist[k0]! += g;
      hist[k0 + 1]! += h;
      hist[k1]! += g;
      hist[k1 + 1]! += h;
      hist[k2]! += g;
      hist[k2 + 1]! += h;
      hist[k3]! += g;
      hist[k3 + 1]! += h;
    }
    for (; f < numFeatures; f++) {
      const k = offsets[f]! + rowMajorCodes[base + f]! * BIN_STRIDE;
      hist[k]! += g;
      hist[k + 1]! += h;
    }
  }
}

/** parent −= child over the features in `range`: turns the parent's histogram into the other
 * child's. */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  layout: HistogramLayout,
  range: FeatureRange,
): void {
  const [start, end] = histogramSpan(layout, range);
  for (let k = start; k < end; k++) parent[k]! -= child[k]!;
}

/** The slots of a histogram array that hold the bins of the features in `range`. */
export function histogramSpan(layout: HistogramLayout, range: FeatureRange): [number, number] {
  const at = (f: number) => (f < layout.numBins.length ? layout.strideOffsets[f]! : layout.size);
  return [at(range.from), at(range.to)];
}
