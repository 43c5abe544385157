// The GBDT histogram kernel in WebAssembly: for every row of a node, one float64 add per feature
// into bin `feature · 256 + code`. A row's gradient and hessian come packed in one float64 (see
// gbdt/quantize.ts), so a bin is a single add; plain wasm has no bounds checks on the gathers, which
// makes it ~2x the speed of the same loop in JavaScript.
import {
  f64Add,
  f64Load,
  f64Store,
  get,
  i32,
  i32Add,
  i32Load,
  i32Load8U,
  i32LeS,
  i32LtS,
  i32LtU,
  i32Mul,
  i32Shl,
  i32Xor,
  increment,
  select,
  drop,
  i32Store,
  set,
  tee,
  whileLoop,
} from './instructions.js';
import { F64, I32, type WasmFunction } from './module-encoder.js';

/** Bins per feature in a kernel histogram: every uint8 code has its slot. */
export const KERNEL_BINS_PER_FEATURE = 256;
const FEATURE_BYTES = KERNEL_BINS_PER_FEATURE * 8;

// Parameters (byte addresses, counts).
const ROWS = 0,
  COUNT = 1,
  CODES = 2,
  FEATURES = 3,
  VALUES = 4,
  HIST = 5,
  SCRATCH = 6;
// Locals.
const P = 7,
  END = 8,
  CODE = 9,
  BIN = 10,
  F = 11,
  ADDRESS = 12,
  AHEAD = 13,
  TOUCHED = 14,
  VALUE = 15;

/** How many rows ahead the prefetching kernel touches: enough to cover a miss to memory. */
export const PREFETCH_ROWS = 32;

/**
 * `name(rows, count, codes, features, values, hist, scratch)`: for each of the `count` uint32 row ids
 * at `rows`, adds the row's float64 at `values + 8·row` to `hist[f · 256 + code]` for every feature
 * f, reading the row's uint8 codes at `codes + row · features` (row-major). `hist` is not cleared;
 * `scratch` is a 4-byte word the kernel may overwrite.
 * With `prefetch`, each step first loads from the row PREFETCH_ROWS ahead: wasm has no prefetch
 * instruction, and a node's rows scattered over a large table otherwise miss the cache one at a
 * time (2-4x slower); on dense nodes the extra loads cost ~20%, so callers pick per node.
 */
export function histogramFunction(name: string, prefetch: boolean): WasmFunction {
  // bin address = FEATURE_BYTES · (f + j) + 8 · code, the feature offset folded into the constant.
  const addOne = (j: number): number[] => [
    ...get(BIN),
    ...get(CODE),
    ...i32Load8U(j),
    ...i32(3),
    ...i32Shl,
    ...i32Add,
    ...tee(ADDRESS),
    ...get(ADDRESS),
    ...f64Load(j * FEATURE_BYTES),
    ...get(VALUE),
    ...f64Add,
    ...f64Store(j * FEATURE_BYTES),
  ];
  return {
    name,
    params: new Array<number>(7).fill(I32),
    locals: [...new Array<number>(8).fill(I32), F64],
    body: [
      ...get(ROWS),
      ...set(P),
      ...get(ROWS),
      ...get(COUNT),
      ...i32(4),
      ...i32Mul,
      ...i32Add,
      ...set(END),
      ...whileLoop(
        [...get(P), ...get(END), ...i32LtU],
        [
          ...(prefetch ? touchAhead() : []),
          ...get(VALUES),
          ...get(P),
          ...i32Load(),
          ...tee(ADDRESS),
          ...i32(3),
          ...i32Shl,
          ...i32Add,
          ...f64Load(),
          ...set(VALUE),
          ...get(CODES),
          ...get(ADDRESS),
          ...get(FEATURES),
          ...i32Mul,
          ...i32Add,
          ...set(CODE),
          ...get(HIST),
          ...set(BIN),
          ...i32(0),
          ...set(F),
          // Four features a step: independent adds the CPU can overlap.
          ...whileLoop(
            [...get(F), ...i32(4), ...i32Add, ...get(FEATURES), ...i32LeS],
            [
              ...addOne(0),
              ...addOne(1),
              ...addOne(2),
              ...addOne(3),
              ...increment(CODE, i32(4)),
              ...increment(BIN, i32(4 * FEATURE_BYTES)),
              ...increment(F, i32(4)),
            ],
          ),
          ...whileLoop(
            [...get(F), ...get(FEATURES), ...i32LtS],
            [
              ...addOne(0),
              ...increment(CODE, i32(1)),
              ...increment(BIN, i32(FEATURE_BYTES)),
              ...increment(F, i32(1)),
            ],
          ),
          ...increment(P, i32(4)),
        ],
      ),
      // The touched bytes are stored, so no compiler may drop the loads as unused.
      ...get(SCRATCH),
      ...get(TOUCHED),
      ...i32Store(),
    ],
  };
}

// Loads the first and last code byte of row rows[min(p + PREFETCH_ROWS, end − 1)] and its value,
// so their cache lines are on the way when the loop gets there.
function touchAhead(): number[] {
  const ahead = [...get(P), ...i32(PREFETCH_ROWS * 4), ...i32Add];
  const last = [...get(END), ...i32(-4), ...i32Add];
  return [
    ...ahead,
    ...last,
    ...ahead,
    ...last,
    ...i32LtU,
    ...select,
    ...i32Load(),
    ...tee(AHEAD),
    ...get(FEATURES),
    ...i32Mul,
    ...get(CODES),
    ...i32Add,
    ...tee(ADDRESS),
    ...i32Load8U(),
    ...get(ADDRESS),
    ...get(FEATURES),
    ...i32Add,
    ...i32(-1),
    ...i32Add,
    ...i32Load8U(),
    ...i32Xor,
    ...get(TOUCHED),
    ...i32Xor,
    ...set(TOUCHED),
    ...get(VALUES),
    ...get(AHEAD),
    ...i32(3),
    ...i32Shl,
    ...i32Add,
    ...f64Load(),
    ...drop,
  ];
}
