// Dense matrix products on row-major Float32Arrays. Each output block of 4×4 is accumulated in 16
// local doubles, so every loaded value feeds four multiply-adds: JavaScript has no SIMD, and
// register blocking is what keeps these loops near the scalar peak. Sums run over the inner
// dimension in ascending order in double precision and are rounded to float32 once, on store;
// the compressed kernels of `sparse-kernels.ts` give bit-identical results for that reason.

/** C (m×n) = A (m×k) · B (k×n). */
export function multiply(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0, q = j; p < k; p++, q += n) {
        const b0 = b[q]!,
          b1 = b[q + 1]!,
          b2 = b[q + 2]!,
          b3 = b[q + 3]!;
        const x0 = a[a0 + p]!;
        c00 += x0 * b0;
        c01 += x0 * b1;
        c02 += x0 * b2;
        c03 += x0 * b3;
        const x1 = a[a1 + p]!;
        c10 += x1 * b0;
        c11 += x1 * b1;
        c12 += x1 * b2;
        c13 += x1 * b3;
        const x2 = a[a2 + p]!;
        c20 += x2 * b0;
        c21 += x2 * b1;
        c22 += x2 * b2;
        c23 += x2 * b3;
        const x3 = a[a3 + p]!;
        c30 += x3 * b0;
        c31 += x3 * b1;
        c32 += x3 * b2;
        c33 += x3 * b3;
      }
      let o = i * n + j;
      c[o] = c00;
      c[o + 1] = c01;
      c[o + 2] = c02;
      c[o + 3] = c03;
      o += n;
      c[o] = c10;
      c[o + 1] = c11;
      c[o + 2] = c12;
      c[o + 3] = c13;
      o += n;
      c[o] = c20;
      c[o + 1] = c21;
      c[o + 2] = c22;
      c[o + 3] = c23;
      o += n;
      c[o] = c30;
      c[o + 1] = c31;
      c[o + 2] = c32;
      c[o + 3] = c33;
    }
    for (let j = n4; j < n; j++) {
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0;
      for (let p = 0, q = j; p < k; p++, q += n) {
        const bv = b[q]!;
        c0 += a[a0 + p]! * bv;
        c1 += a[a1 + p]! * bv;
        c2 += a[a2 + p]! * bv;
        c3 += a[a3 + p]! * bv;
      }
      const o = i * n + j;
      c[o] = c0;
      c[o + n] = c1;
      c[o + 2 * n] = c2;
      c[o + 3 * n] = c3;
    }
  }
  for (let i = m4; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0; // prettier-ignore
      for (let p = 0, q = j; p < k; p++, q += n) {
        const x = a[a0 + p]!;
        c0 += x * b[q]!;
        c1 += x * b[q + 1]!;
        c2 += x * b[q + 2]!;
        c3 += x * b[q + 3]!;
      }
      const o = i * n + j;
      c[o] = c0;
      c[o + 1] = c1;
      c[o + 2] = c2;
      c[o + 3] = c3;
    }
    for (let j = n4; j < n; j++) {
      let s = 0;
      for (let p = 0, q = j; p < k; p++, q += n) s += a[a0 + p]! * b[q]!;
      c[i * n + j] = s;
    }
  }
}

/** C (k×n) = Aᵀ · B, where A is m×k and B is m×n: the weight gradient of a layer. */
export function multiplyTransposedA(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  const k4 = k - (k % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < k4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let r = 0, pa = i, pb = j; r < m; r++, pa += k, pb += n) {
        const b0 = b[pb]!,
          b1 = b[pb + 1]!,
          b2 = b[pb + 2]!,
          b3 = b[pb + 3]!;
        const x0 = a[pa]!;
        c00 += x0 * b0;
        c01 += x0 * b1;
        c02 += x0 * b2;
        c03 += x0 * b3;
        const x1 = a[pa + 1]!;
        c10 += x1 * b0;
        c11 += x1 * b1;
        c12 += x1 * b2;
        c13 += x1 * b3;
        const x2 = a[pa + 2]!;
        c20 += x2 * b0;
        c21 += x2 * b1;
        c22 += x2 * b2;
        c23 += x2 * b3;
        const x3 = a[pa + 3]!;
        c30 += x3 * b0;
        c31 += x3 * b1;
        c32 += x3 * b2;
        c33 += x3 * b3;
      }
      let o = i * n + j;
      c[o] = c00;
      c[o + 1] = c01;
      c[o + 2] = c02;
      c[o + 3] = c03;
      o += n;
      c[o] = c10;
      c[o + 1] = c11;
      c[o + 2] = c12;
      c[o + 3] = c13;
      o += n;
      c[o] = c20;
      c[o + 1] = c21;
      c[o + 2] = c22;
      c[o + 3] = c23;
      o += n;
      c[o] = c30;
      c[o + 1] = c31;
      c[o + 2] = c32;
      c[o + 3] = c33;
    }
    for (let j = n4; j < n; j++) {
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0;
      for (let r = 0, pa = i, pb = j; r < m; r++, pa += k, pb += n) {
        const bv = b[pb]!;
        c0 += a[pa]! * bv;
        c1 += a[pa + 1]! * bv;
        c2 += a[pa + 2]! * bv;
        c3 += a[pa + 3]! * bv;
      }
      const o = i * n + j;
      c[o] = c0;
      c[o + n] = c1;
      c[o + 2 * n] = c2;
      c[o + 3 * n] = c3;
    }
  }
  for (let i = k4; i < k; i++) {
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0; // prettier-ignore
      for (let r = 0, pa = i, pb = j; r < m; r++, pa += k, pb += n) {
        const x = a[pa]!;
        c0 += x * b[pb]!;
        c1 += x * b[pb + 1]!;
        c2 += x * b[pb + 2]!;
        c3 += x * b[pb + 3]!;
      }
      const o = i * n + j;
      c[o] = c0;
      c[o + 1] = c1;
      c[o + 2] = c2;
      c[o + 3] = c3;
    }
    for (let j = n4; j < n; j++) {
      let s = 0;
      for (let r = 0, pa = i, pb = j; r < m; r++, pa += k, pb += n) s += a[pa]! * b[pb]!;
      c[i * n + j] = s;
    }
  }
}

/** T (n×k) = Wᵀ for a row-major W (k×n): backpropagation multiplies by the transposed weights. */
export function transpose(w: Float32Array, t: Float32Array, k: number, n: number): void {
  for (let i = 0; i < k; i++) {
    const row = i * n;
    for (let j = 0, o = i; j < n; j++, o += k) t[o] = w[row + j]!;
  }
}
