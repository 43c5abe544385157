import { EngineInputError } from '../errors.js';

/** Class codes 0..k-1, one per row. */
export type LabelInput = Int32Array | readonly number[];
/** Numbers, one per row (or row-major n × k for class probabilities). */
export type NumberInput = Float64Array | readonly number[];

/** Most classes a metric accepts: a k × k confusion matrix must stay small enough to display. */
export const MAX_CLASSES = 1000;

/** Checks an optional class count: an integer in 1..MAX_CLASSES. */
export function readNumClasses(value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > MAX_CLASSES)) {
    throw new EngineInputError(
      'numClasses',
      `must be an integer in 1..${MAX_CLASSES}, got ${String(value)}`,
    );
  }
  return value;
}

/** Checks class codes: non-empty, integers in 0..numClasses-1 (or >= 0 when k is unknown). */
export function readLabels(name: string, values: LabelInput, numClasses?: number): Int32Array {
  if (values.length === 0) throw new EngineInputError(name, 'is empty; need at least one row');
  const out = new Int32Array(values.length);
  const max = numClasses === undefined ? 2 ** 31 - 1 : numClasses - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v > max) {
      const allowed = numClasses === undefined ? 'a class code >= 0' : `a class code in 0..${max}`;
      throw new EngineInputError(name, `row ${i} is ${String(v)}; expected ${allowed}`);
    }
    out[i] = v;
  }
  return out;
}

/** Checks finite numbers of the expected length (non-empty). */
export function readFinite(name: string, values: NumberInput, length?: number): Float64Array {
  if (values.length === 0) throw new EngineInputError(name, 'is empty; need at least one row');
  if (length !== undefined && values.length !== length) {
    throw new EngineInputError(name, `has ${values.length} values, expected ${length}`);
  }
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new EngineInputError(
        name,
        `row ${i} is ${String(values[i])}; expected a finite number`,
      );
    }
  }
  return out;
}

/**
 * Checks sample weights: finite, >= 0, one per row, with a positive total. Returns null when
 * none were given, so callers can take the cheaper unweighted path.
 */
export function readWeights(values: NumberInput | undefined, rows: number): Float64Array | null {
  if (values === undefined) return null;
  const w = readFinite('sampleWeight', values, rows);
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i]! < 0) throw new EngineInputError('sampleWeight', `row ${i} is negative`);
    total += w[i]!;
  }
  if (!(total > 0)) throw new EngineInputError('sampleWeight', 'must have a positive total');
  return w;
}

/** Probabilities laid out as n rows × k columns (k = 1 means a binary P(class 1) per row). */
export interface ProbabilityLayout {
  readonly values: Float64Array;
  readonly rows: number;
  /** Columns per row: 1 for binary scores, else the number of classes. */
  readonly columns: number;
}

/** Checks probabilities in [0, 1] with n or n × k entries; rows of a k-column matrix sum to 1. */
export function readProbabilities(
  name: string,
  values: NumberInput,
  rows: number,
): ProbabilityLayout {
  if (values.length === 0 || values.length % rows !== 0) {
    throw new EngineInputError(
      name,
      `has ${values.length} values for ${rows} rows; expected n (binary P(class 1)) or n × k`,
    );
  }
  const p = readFinite(name, values);
  for (let i = 0; i < p.length; i++) {
    if (p[i]! < 0 || p[i]! > 1) {
      throw new EngineInputError(name, `value ${i} is ${p[i]}; probabilities must be in [0, 1]`);
    }
  }
  const columns = p.length / rows;
  if (columns > 1) checkRowsSumToOne(name, p, rows, columns);
  return { values: p, rows, columns };
}

// scikit-learn's np.allclose(1, row sum): atol 1e-8 plus rtol 1e-5 of the sum.
function checkRowsSumToOne(name: string, p: Float64Array, rows: number, k: number): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += p[r * k + c]!;
    if (Math.abs(1 - sum) > 1e-8 + 1e-5 * Math.abs(sum)) {
      throw new EngineInputError(
        name,
        `row ${r} sums to ${sum}; class probabilities must sum to 1`,
      );
    }
  }
}

/** Column `c` of a row-major n × k matrix. */
export function column(values: Float64Array, rows: number, k: number, c: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = values[r * k + c]!;
  return out;
}

/** Weighted mean `Σ w·x / Σ w` (plain mean without weights), like `np.average`. */
export function weightedMean(x: Float64Array, w: Float64Array | null): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w ? w[i]! : 1;
    num += wi * x[i]!;
    den += wi;
  }
  return num / den;
}
