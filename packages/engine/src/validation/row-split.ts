import { EngineInputError } from '../errors.js';

/** Row indices of one split, each part ascending. */
export interface RowSplit {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** Class labels to stratify on: numbers (class codes or values) or strings, one per row. */
export type StratifyLabels = ArrayLike<number> | readonly string[];

/** Labels encoded as class codes, with each class's row count. */
export interface EncodedLabels {
  readonly codes: Int32Array;
  readonly counts: number[];
}

/**
 * Encodes labels as codes 0..k-1. `order: 'sorted'` numbers classes in sorted order (numpy's
 * `unique`, as StratifiedShuffleSplit does); `'first-seen'` in order of first appearance (as
 * StratifiedKFold does, which decides which class a fold's extra row comes from).
 */
export function encodeLabels(
  name: string,
  labels: StratifyLabels,
  order: 'sorted' | 'first-seen',
): EncodedLabels {
  const n = labels.length;
  if (n === 0) throw new EngineInputError(name, 'is empty; need at least one row');
  const firstSeen = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const v = labels[i]!;
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') {
      throw new EngineInputError(
        name,
        `row ${i} is ${String(v)}; expected a finite number or a string`,
      );
    }
    if (!firstSeen.has(v)) firstSeen.set(v, firstSeen.size);
  }
  let classes = [...firstSeen.keys()];
  if (order === 'sorted') {
    classes = classes.sort((a, b) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1,
    );
  }
  const codeOf = new Map(classes.map((c, i) => [c, i]));
  const codes = new Int32Array(n);
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < n; i++) {
    const code = codeOf.get(labels[i]!)!;
    codes[i] = code;
    counts[code]!++;
  }
  return { codes, counts };
}

/** Checks a row count: an integer >= `min`. */
export function checkRowCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new EngineInputError(name, `must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** Checks a seed: an integer in 0..2^32-1. */
export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new EngineInputError(
      'seed',
      `must be an integer in 0..${2 ** 32 - 1}, got ${String(seed)}`,
    );
  }
}

/** The rows 0..n-1 not in `taken`, ascending. */
export function complementOf(n: number, taken: Uint32Array): Uint32Array {
  const mask = new Uint8Array(n);
  for (const i of taken) mask[i] = 1;
  const out = new Uint32Array(n - taken.length);
  let k = 0;
  for (let i = 0; i < n; i++) if (!mask[i]) out[k++] = i;
  return out;
}

/** 0, 1, ..., n-1. */
export function rowRange(start: number, end: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}
