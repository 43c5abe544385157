/**
 * exp, log and friends computed from + − × ÷ only, so every JavaScript engine gives the same
 * bits. `Math.exp` and `Math.log` are only "implementation-approximated" by the language: Node
 * 20's V8 and a current Chromium differ by one ulp on ~10% of inputs, which is enough to flip a
 * near-tied split and make a model trained in the browser differ from one trained on the
 * server. Accuracy is within a few ulps of the true value; speed is close to the built-ins.
 */

const LN2_HI = 6.9314718036912381649e-1; // ln 2 with its low bits cut, so k · LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI
const INV_LN2 = 1.4426950408889634;
const EXP_OVERFLOW = 709.782712893384; // above: +Infinity
const EXP_UNDERFLOW = -745.1332191019412; // below: 0
const SQRT_HALF = 0.7071067811865476;

const bits = new DataView(new ArrayBuffer(8));

/** 2^k exactly, for integer k in -1022..1023 (a normal double built from its bits). */
function powerOfTwo(k: number): number {
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

// 2^-1022..2^1023: exp reads its scale here, ~1.6x faster than building the bits on every call.
const POWERS_OF_TWO = Float64Array.from({ length: 2046 }, (_, i) => powerOfTwo(i - 1022));

/** y · 2^k for integer k that may leave the normal range (overflow or subnormal results). */
function scale(y: number, k: number): number {
  if (k > 1023) return y * powerOfTwo(1023) * powerOfTwo(k - 1023);
  if (k < -1022) return y * powerOfTwo(k + 1000) * powerOfTwo(-1000);
  return y * POWERS_OF_TWO[k + 1022]!;
}

/** e^x. */
export function exp(x: number): number {
  if (x !== x) return NaN;
  if (x > EXP_OVERFLOW) return Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  // x = k·ln2 + r with |r| <= ln2/2, then e^x = 2^k · e^r.
  const k = Math.round(x * INV_LN2);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  // Taylor series of e^r to r^13 (|r| <= 0.347: the first term left out is < 1e-17 relative),
  // summed by Horner from the small end; the leading 1 + r is added last for accuracy.
  const tail =
    r *
    r *
    (1 / 2 +
      r *
        (1 / 6 +
          r *
            (1 / 24 +
              r *
                (1 / 120 +
                  r *
                    (1 / 720 +
                      r *
                        (1 / 5040 +
                          r *
                            (1 / 40320 +
                              r *
                                (1 / 362880 +
                                  r *
                                    (1 / 3628800 +
                                      r *
                                        (1 / 39916800 +
                                          r * (1 / 479001600 + r * (1 / 6227020800))))))))))));
  const er = 1 + (hi - (lo - tail));
  return scale(er, k);
}

/** Natural logarithm. */
export function log(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  // x = 2^k · m with m in [√½, √2).
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54 lifts subnormals into the normal range
    k = -54;
  }
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  k += ((high >>> 20) & 0x7ff) - 1023;
  bits.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  let m = bits.getFloat64(0); // in [1, 2)
  if (m >= 2 * SQRT_HALF) {
    m /= 2;
    k += 1;
  }
  // ln m = 2·atanh(s) with s = (m − 1)/(m + 1), |s| <= 0.1716: the odd series to s^21.
  const f = m - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const series =
    s2 *
    (1 / 3 +
      s2 *
        (1 / 5 +
          s2 *
            (1 / 7 +
              s2 *
                (1 / 9 +
                  s2 *
                    (1 / 11 +
                      s2 * (1 / 13 + s2 * (1 / 15 + s2 * (1 / 17 + s2 * (1 / 19 + s2 / 21)))))))));
  // ln m = 2s + 2s·series, and 2s = f − s·f keeps the bits of f when m is near 1.
  const lnM = f - s * (f - 2 * series);
  return k * LN2_HI + (lnM + k * LN2_LO);
}

/** ln(1 + x), accurate for tiny x. */
export function log1p(x: number): number {
  const u = 1 + x;
  if (u === 1) return x;
  if (u === Infinity) return Infinity;
  // log(u) is exact up to rounding of u; rescaling by x / (u − 1) removes that rounding error.
  return (log(u) * x) / (u - 1);
}

/** e^x − 1, accurate for tiny x. */
export function expm1(x: number): number {
  const u = exp(x);
  if (u === 1) return x;
  const um1 = u - 1;
  if (um1 === -1) return -1;
  if (u === Infinity) return Infinity;
  // Kahan's trick: (u − 1) · x / ln u cancels the rounding error of u.
  return (um1 * x) / log(u);
}

/** Hyperbolic tangent. */
export function tanh(x: number): number {
  if (x !== x) return NaN;
  const a = Math.abs(x);
  if (a > 22) return x > 0 ? 1 : -1; // tanh is 1 to double precision here
  const t = expm1(2 * a);
  const y = t / (t + 2);
  return x < 0 ? -y : y;
}

/** Logistic function 1 / (1 + e^−x), finite for every x. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + exp(-x));
  const e = exp(x);
  return e / (1 + e);
}

/** ln(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}
