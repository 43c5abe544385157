// Products with a mostly-zero left operand. ReLU zeroes about half of every hidden activation and
// of every hidden-layer gradient, so listing the non-zeros of each row once (compressed sparse
// rows) and multiplying only by those halves the work of the three big products of a hidden
// layer. Zeros add nothing to a double sum, so the result is bit-identical to `multiply`.

/** Compressed sparse rows, preallocated for the largest matrix they will hold. */
export interface CompressedRows {
  /** Row r's entries are `start[r]` until `start[r + 1]`. */
  readonly start: Int32Array;
  readonly column: Int32Array;
  readonly value: Float32Array;
}

/** Allocates room for up to `rows` rows and `cells` non-zeros. */
export function allocateCompressedRows(rows: number, cells: number): CompressedRows {
  return {
    start: new Int32Array(rows + 1),
    column: new Int32Array(cells),
    value: new Float32Array(cells),
  };
}

/** Lists the non-zeros of A (m×k) row by row; returns their share of the cells. */
export function compressRows(a: Float32Array, m: number, k: number, out: CompressedRows): number {
  const { start, column, value } = out;
  let t = 0;
  for (let r = 0; r < m; r++) {
    start[r] = t;
    const row = r * k;
    for (let j = 0; j < k; j++) {
      const v = a[row + j]!;
      // Branch-free append: the zero pattern of ReLU output is random, so a branch mispredicts.
      column[t] = j;
      value[t] = v;
      t += +(v !== 0);
    }
  }
  start[m] = t;
  return t / (m * k);
}

/** Lists the non-zeros of Aᵀ, where A is m×k (so k rows of up to m entries). */
export function compressColumns(
  a: Float32Array,
  m: number,
  k: number,
  out: CompressedRows,
): number {
  const { start, column, value } = out;
  let t = 0;
  for (let j = 0; j < k; j++) {
    start[j] = t;
    for (let r = 0, p = j; r < m; r++, p += k) {
      const v = a[p]!;
      column[t] = r;
      value[t] = v;
      t += +(v !== 0);
    }
  }
  start[k] = t;
  return t / (m * k);
}

/** C (rows×n) = S · B, where S is compressed and B is row-major with n columns. */
export function multiplyCompressed(
  s: CompressedRows,
  rows: number,
  b: Float32Array,
  c: Float32Array,
  n: number,
): void {
  const { start, column, value } = s;
  const n8 = n - (n % 8);
  for (let r = 0; r < rows; r++) {
    const first = start[r]!;
    const end = start[r + 1]!;
    const out = r * n;
    for (let j = 0; j < n8; j += 8) {
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0,
        c4 = 0,
        c5 = 0,
        c6 = 0,
        c7 = 0;
      for (let t = first; t < end; t++) {
        const x = value[t]!;
        const q = column[t]! * n + j;
        c0 += x * b[q]!;
        c1 += x * b[q + 1]!;
        c2 += x * b[q + 2]!;
        c3 += x * b[q + 3]!;
        c4 += x * b[q + 4]!;
        c5 += x * b[q + 5]!;
        c6 += x * b[q + 6]!;
        c7 += x * b[q + 7]!;
      }
      const o = out + j;
      c[o] = c0;
      c[o + 1] = c1;
      c[o + 2] = c2;
      c[o + 3] = c3;
      c[o + 4] = c4;
      c[o + 5] = c5;
      c[o + 6] = c6;
      c[o + 7] = c7;
    }
    for (let j = n8; j < n; j++) {
      let sum = 0;
      for (let t = first; t < end; t++) sum += value[t]! * b[column[t]! * n + j]!;
      c[out + j] = sum;
    }
  }
}

/**
 * D (rows×k) = S · Wᵀ restricted to the cells listed in `active` (other cells get 0), where S
 * holds a layer's compressed output gradients and W is that layer's weights (k×n). Backprop
 * needs d(loss)/d(input) only where the input unit was active: ReLU's derivative is 0 elsewhere.
 */
export function multiplyTransposedWhereActive(
  s: CompressedRows,
  active: CompressedRows,
  rows: number,
  w: Float32Array,
  d: Float32Array,
  k: number,
  n: number,
): void {
  const { start, column, value } = s;
  const units = active.column;
  d.fill(0, 0, rows * k);
  for (let r = 0; r < rows; r++) {
    const first = start[r]!;
    const end = start[r + 1]!;
    const out = r * k;
    const last = active.start[r + 1]!;
    let u = active.start[r]!;
    for (; u + 4 <= last; u += 4) {
      const j0 = units[u]!;
      const j1 = units[u + 1]!;
      const j2 = units[u + 2]!;
      const j3 = units[u + 3]!;
      const w0 = j0 * n;
      const w1 = j1 * n;
      const w2 = j2 * n;
      const w3 = j3 * n;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0; // prettier-ignore
      for (let t = first; t < end; t++) {
        const x = value[t]!;
        const q = column[t]!;
        c0 += x * w[w0 + q]!;
        c1 += x * w[w1 + q]!;
        c2 += x * w[w2 + q]!;
        c3 += x * w[w3 + q]!;
      }
      d[out + j0] = c0;
      d[out + j1] = c1;
      d[out + j2] = c2;
      d[out + j3] = c3;
    }
    for (; u < last; u++) {
      const unit = units[u]!;
      const base = unit * n;
      let sum = 0;
      for (let t = first; t < end; t++) sum += value[t]! * w[base + column[t]!]!;
      d[out + unit] = sum;
    }
  }
}
