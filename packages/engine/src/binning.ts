import { EngineInputError } from './errors.js';
import { sampleSorted } from './random.js';
import type { CategoricalColumn, Column, NumericColumn, Table } from './table.js';

/** Largest finite float32: clamps edges so a threshold never becomes Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** How one numeric feature maps to bins: value bin i holds float32(x) <= edges[i]. */
export interface NumericBinning {
  readonly kind: 'numeric';
  readonly name: string;
  /** Number of value bins; the missing bin has code `numBins`. */
  readonly numBins: number;
  /** Upper edges of value bins 0..numBins-2, strictly increasing, exact float32 values. */
  readonly edges: readonly number[];
}

/** How one categorical feature maps to bins: one bin per kept category, rarer ones merged. */
export interface CategoricalBinning {
  readonly kind: 'categorical';
  readonly name: string;
  /** Number of value bins; the missing bin (also unseen categories) has code `numBins`. */
  readonly numBins: number;
  /** Every category seen in training, with its bin in `categoryBins` at the same index. */
  readonly categories: readonly string[];
  readonly categoryBins: readonly number[];
}

export type FeatureBinning = NumericBinning | CategoricalBinning;

/** Options of `fitBinning`. */
export interface FitBinningOptions {
  /** Most value bins per feature (1..255); one more code is kept for missing values. */
  readonly maxBins?: number;
  /** Rows sampled to place the quantile edges. */
  readonly sampleSize?: number;
  /** Seed of the row sample. */
  readonly seed?: number;
  /** Rows to fit on (default: all rows). */
  readonly rows?: Uint32Array;
}

/** Binned features: one Uint8Array of codes per feature, column-major. */
export interface BinnedTable {
  readonly numRows: number;
  readonly codes: readonly Uint8Array[];
  /** Value bins per feature; the missing-bin code equals this number. */
  readonly numBins: readonly number[];
  /** Whether each feature is categorical (its bins are categories, not ordered intervals). */
  readonly categorical: readonly boolean[];
}

/** Fits quantile bin edges (numeric) and category bins (categorical) for the named features. */
export function fitBinning(
  table: Table,
  features: readonly string[],
  options: FitBinningOptions = {},
): FeatureBinning[] {
  const maxBins = options.maxBins ?? 255;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new EngineInputError('maxBins', `must be an integer in 2..255, got ${maxBins}`);
  }
  const all = options.rows ?? Uint32Array.from({ length: table.numRows }, (_, i) => i);
  const sample = sampleSorted(all, options.sampleSize ?? 200_000, options.seed ?? 0);
  return features.map((name) => {
    const column = table.column(name);
    if (column.kind === 'text') {
      throw new EngineInputError(name, 'text columns must be transformed by the pipeline first');
    }
    return column.kind === 'numeric'
      ? fitNumericBinning(column, sample, maxBins)
      : fitCategoricalBinning(column, sample, maxBins);
  });
}

function fitNumericBinning(
  column: NumericColumn,
  rows: Uint32Array,
  maxBins: number,
): NumericBinning {
  const sorted = new Float64Array(rows.length);
  let n = 0;
  for (const row of rows) {
    const x = column.values[row]!;
    if (!isNaN(x)) sorted[n++] = Math.fround(x);
  }
  const values = sorted.subarray(0, n).sort();
  const distinct = uniqueSorted(values, maxBins + 1);
  let edges: number[];
  if (distinct.length <= maxBins) {
    edges = [];
    for (let i = 0; i + 1 < distinct.length; i++) {
      edges.push(float32EdgeBetween(distinct[i]!, distinct[i + 1]!));
    }
  } else {
    // numpy's percentile(method='midpoint') at linspace(0, 100, maxBins + 1)[1:-1], as scikit-learn.
    const raw: number[] = [];
    for (let k = 1; k < maxBins; k++) {
      const position = (k / maxBins) * (n - 1);
      const mid = (values[Math.floor(position)]! + values[Math.ceil(position)]!) / 2;
      raw.push(Math.min(Math.fround(mid), FLOAT32_MAX));
    }
    edges = uniqueSorted(raw);
  }
  return { kind: 'numeric', name: column.name, numBins: edges.length + 1, edges };
}

// Midpoint rounded to float32; if rounding lands on the upper value, the lower one still separates.
function float32EdgeBetween(low: number, high: number): number {
  const mid = Math.min(Math.fround((low + high) / 2), FLOAT32_MAX);
  return mid < high ? mid : low;
}

// Stops once `limit` distinct values are found: past maxBins only "too many" matters.
function uniqueSorted(values: ArrayLike<number>, limit = Infinity): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length && out.length < limit; i++) {
    const v = values[i]!;
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

function fitCategoricalBinning(
  column: CategoricalColumn,
  rows: Uint32Array,
  maxBins: number,
): CategoricalBinning {
  const counts = new Float64Array(column.categories.length);
  for (const row of rows) {
    const code = column.codes[row]!;
    if (code >= 0) counts[code]! += 1;
  }
  const seen = [...counts.keys()].filter((code) => counts[code]! > 0);
  let kept = new Set(seen);
  if (seen.length > maxBins) {
    const byFrequency = [...seen].sort((a, b) => counts[b]! - counts[a]! || a - b);
    kept = new Set(byFrequency.slice(0, maxBins - 1));
  }
  const categories: string[] = [];
  const categoryBins: number[] = [];
  let nextBin = 0;
  for (const code of seen) {
    if (kept.has(code)) {
      categories.push(column.categories[code]!);
      categoryBins.push(nextBin++);
    }
  }
  const otherBin = nextBin;
  for (const code of seen) {
    if (!kept.has(code)) {
      categories.push(column.categories[code]!);
      categoryBins.push(otherBin);
    }
  }
  const numBins = kept.size < seen.length ? otherBin + 1 : Math.max(otherBin, 1);
  return { kind: 'categorical', name: column.name, numBins, categories, categoryBins };
}

/** Maps the table's features to bin codes with fitted binnings. */
export function applyBinning(table: Table, binnings: readonly FeatureBinning[]): BinnedTable {
  return {
    numRows: table.numRows,
    codes: binnings.map((b) => binColumn(table.column(b.name), b)),
    numBins: binnings.map((b) => b.numBins),
    categorical: binnings.map((b) => b.kind === 'categorical'),
  };
}

function binColumn(column: Column, binning: FeatureBinning): Uint8Array {
  if (column.kind !== binning.kind) {
    throw new EngineInputError(
      column.name,
      `expected a ${binning.kind} column, got ${column.kind}`,
    );
  }
  if (column.kind === 'numeric') return binNumeric(column.values, binning as NumericBinning);
  const remap = categoryBinsFor(column, binning as CategoricalBinning);
  const out = new Uint8Array(column.codes.length);
  for (let i = 0; i < out.length; i++) {
    const code = column.codes[i]!;
    out[i] = code < 0 ? binning.numBins : remap[code]!;
  }
  return out;
}

function binNumeric(values: Float64Array, binning: NumericBinning): Uint8Array {
  // Edges padded with +Infinity to 255, so eight fixed halvings find every bin.
  const edges = new Float64Array(255).fill(Infinity);
  edges.set(binning.edges);
  const missing = binning.numBins;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (isNaN(x)) {
      out[i] = missing;
      continue;
    }
    // Compare in float32 exactly as prediction (and ONNX Runtime) will. The bin is the number of
    // edges below v; adding booleans instead of branching on them is ~5x faster, as the
    // branches of a binary search are unpredictable.
    const v = Math.fround(x);
    let lo = 0;
    lo += +(edges[lo + 127]! < v) * 128;
    lo += +(edges[lo + 63]! < v) * 64;
    lo += +(edges[lo + 31]! < v) * 32;
    lo += +(edges[lo + 15]! < v) * 16;
    lo += +(edges[lo + 7]! < v) * 8;
    lo += +(edges[lo + 3]! < v) * 4;
    lo += +(edges[lo + 1]! < v) * 2;
    lo += +(edges[lo]! < v);
    out[i] = lo;
  }
  return out;
}

/** Bin of each category code of `column` under `binning`; unseen categories get the missing bin. */
export function categoryBinsFor(
  column: CategoricalColumn,
  binning: CategoricalBinning,
): Int32Array {
  const binOf = new Map<string, number>();
  binning.categories.forEach((c, i) => binOf.set(c, binning.categoryBins[i]!));
  return Int32Array.from(column.categories, (c) => binOf.get(c) ?? binning.numBins);
}

/**
 * The float32 threshold of each numeric split of a binned tree (0 on leaves and categorical
 * splits): the split bin's upper edge, or FLOAT32_MAX for the last value bin, whose split
 * separates "has a value" from "is missing".
 */
export function splitThresholds(
  tree: { readonly feature: readonly number[]; readonly bin: readonly number[] },
  binnings: readonly FeatureBinning[],
): number[] {
  return tree.feature.map((f, node) => {
    const binning = binnings[f];
    if (!binning || binning.kind === 'categorical') return 0;
    const bin = tree.bin[node]!;
    return bin < binning.numBins - 1 ? binning.edges[bin]! : FLOAT32_MAX;
  });
}
