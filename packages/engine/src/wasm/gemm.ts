// C (m×n) = A · B in WebAssembly SIMD: each output tile of 4 rows × 8 columns lives in eight f32x4
// registers, so every B vector loaded feeds four rows and every A value splatted feeds two vectors.
// Every cell is summed over the inner dimension in ascending order in float32, one multiply and
// one add per term (no fused multiply-add in plain SIMD), so a cell's value does not depend on
// which tile or tail computed it: the result is the float32 loop `s = fround(s + fround(a * b))`.
import {
  f32Add,
  f32Load,
  f32Mul,
  f32Store,
  f32Zero,
  f32x4Add,
  f32x4Mul,
  get,
  i32,
  i32Add,
  i32LeS,
  i32LtS,
  i32Mul,
  increment,
  set,
  v128Load,
  v128LoadSplat32,
  v128Store,
  v128Zero,
  whileLoop,
} from './instructions.js';
import { F32, I32, V128, type WasmFunction } from './module-encoder.js';

// Parameters (byte addresses and strides, element counts).
const A = 0,
  B = 1,
  C = 2,
  M = 3,
  K = 4,
  N = 5,
  ROW_STRIDE = 6,
  INNER_STRIDE = 7;
// i32 locals.
const I = 8,
  J = 9,
  P = 10,
  PA = 11,
  PB = 12,
  PC = 13,
  B_ROW = 14,
  A_ROW = 15,
  C_ROW = 16,
  STRIDE2 = 17,
  STRIDE3 = 18;
const I32_LOCALS = 11;
// v128 and f32 locals follow: the splatted A value, up to 4 B vectors, up to 16 accumulators.
const X = 19;
const BV = 20;
const ACC = 24;
const V128_LOCALS = 21;
const FX = ACC + 16;
const FB = FX + 1;
const FACC = FB + 1;
const F32_LOCALS = 6;

/**
 * `gemm(a, b, c, m, k, n, rowStride, innerStride)`: C[i][j] = Σp A(i, p) · B[p][j], where A(i, p)
 * is the float at byte `a + i·rowStride + p·innerStride` (so one kernel serves A and Aᵀ), B is
 * row-major k×n at `b` and C row-major m×n at `c`.
 */
export function gemmFunction(): WasmFunction {
  return {
    name: 'gemm',
    params: new Array<number>(8).fill(I32),
    locals: [
      ...new Array<number>(I32_LOCALS).fill(I32),
      ...new Array<number>(V128_LOCALS).fill(V128),
      ...new Array<number>(F32_LOCALS).fill(F32),
    ],
    body: [
      ...get(N),
      ...i32(4),
      ...i32Mul,
      ...set(B_ROW),
      ...get(ROW_STRIDE),
      ...i32(2),
      ...i32Mul,
      ...set(STRIDE2),
      ...get(ROW_STRIDE),
      ...i32(3),
      ...i32Mul,
      ...set(STRIDE3),
      ...i32(0),
      ...set(I),
      ...rowBlocks(4, 2),
      ...rowBlocks(1, 4),
    ],
  };
}

/** Rows `rows` at a time while that many remain, in tiles of `vectors`, then 1, then 0 vectors. */
function rowBlocks(rows: number, vectors: number): number[] {
  const rowsRemain = [...get(I), ...i32(rows), ...i32Add, ...get(M), ...i32LeS];
  return whileLoop(rowsRemain, [
    ...get(A),
    ...get(I),
    ...get(ROW_STRIDE),
    ...i32Mul,
    ...i32Add,
    ...set(A_ROW),
    ...get(C),
    ...get(I),
    ...get(B_ROW),
    ...i32Mul,
    ...i32Add,
    ...set(C_ROW),
    ...i32(0),
    ...set(J),
    ...columnTiles(rows, vectors),
    ...(vectors > 1 ? columnTiles(rows, 1) : []),
    ...columnTiles(rows, 0),
    ...increment(I, i32(rows)),
  ]);
}

/** Address of A(i + r, p) given PA = address of A(i, p). */
function rowAddress(r: number): number[] {
  if (r === 0) return get(PA);
  return [...get(PA), ...get([0, ROW_STRIDE, STRIDE2, STRIDE3][r]!), ...i32Add];
}

/** Tiles of `rows` × (4·vectors) columns, or single columns when `vectors` is 0. */
function columnTiles(rows: number, vectors: number): number[] {
  const width = Math.max(1, 4 * vectors);
  const acc = (r: number, v: number) => (vectors === 0 ? FACC + r : ACC + r * vectors + v);
  const columnsRemain = [...get(J), ...i32(width), ...i32Add, ...get(N), ...i32LeS];
  const zero: number[] = [];
  const step: number[] = [];
  const store: number[] = [];
  for (let v = 0; v < Math.max(1, vectors); v++) {
    step.push(...get(PB), ...(vectors === 0 ? f32Load() : v128Load(16 * v)));
    step.push(...set(vectors === 0 ? FB : BV + v));
  }
  for (let r = 0; r < rows; r++) {
    step.push(...rowAddress(r), ...(vectors === 0 ? f32Load() : v128LoadSplat32()));
    step.push(...set(vectors === 0 ? FX : X));
    for (let v = 0; v < Math.max(1, vectors); v++) {
      zero.push(...(vectors === 0 ? f32Zero : v128Zero), ...set(acc(r, v)));
      step.push(...get(acc(r, v)), ...get(vectors === 0 ? FX : X));
      step.push(...get(vectors === 0 ? FB : BV + v));
      step.push(...(vectors === 0 ? [...f32Mul, ...f32Add] : [...f32x4Mul, ...f32x4Add]));
      step.push(...set(acc(r, v)));
      store.push(...get(PC), ...get(acc(r, v)));
      store.push(...(vectors === 0 ? f32Store() : v128Store(16 * v)));
    }
    store.push(...increment(PC, get(B_ROW)));
  }
  return whileLoop(columnsRemain, [
    ...zero,
    ...get(A_ROW),
    ...set(PA),
    ...get(B),
    ...get(J),
    ...i32(4),
    ...i32Mul,
    ...i32Add,
    ...set(PB),
    ...i32(0),
    ...set(P),
    ...whileLoop(
      [...get(P), ...get(K), ...i32LtS],
      [
        ...step,
        ...increment(PA, get(INNER_STRIDE)),
        ...increment(PB, get(B_ROW)),
        ...increment(P, i32(1)),
      ],
    ),
    ...get(C_ROW),
    ...get(J),
    ...i32(4),
    ...i32Mul,
    ...i32Add,
    ...set(PC),
    ...store,
    ...increment(J, i32(width)),
  ]);
}
