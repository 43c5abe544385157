/**
 * Distribution of the one-sample Kolmogorov–Smirnov statistic D_n, which SciPy's `ks_2samp` uses
 * for its asymptotic p-value (`kstwo.sf(d, round(m·n/(m+n)))`). The branches follow Simard &
 * L'Ecuyer (2011), the same choice of method SciPy makes, so p-values agree to well below 1e-6.
 */

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;
const SMIRNOV_MAX_EXACT_N = 1_000_000;
const MIN_LOG = -708;

/** Upper tail of the one-sided statistic D_n⁺: P(D_n⁺ ≥ x), Smirnov's exact finite sum. */
export function smirnovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  if (n > SMIRNOV_MAX_EXACT_N) {
    // Too many terms; the approximation p ≈ exp(−(6nx+1)²/18n) is what SciPy switches to as well.
    return Math.exp(-((6 * n * x + 1) ** 2) / (18 * n));
  }
  // P = x · Σ_{j=0}^{⌊n(1−x)⌋} C(n,j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1); every term is positive.
  const last = Math.floor(n * (1 - x));
  const logX = Math.log(x);
  let logBinomial = 0;
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    if (j > 0) logBinomial += Math.log((n - j + 1) / j);
    const rest = 1 - x - j / n;
    if (rest <= 0) break;
    sum += Math.exp(logBinomial + (n - j) * Math.log(rest) + (j - 1) * Math.log(x + j / n) + logX);
  }
  return Math.min(1, Math.max(0, sum));
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return out;
}

/** P(D_n ≤ d) exactly by Durbin's matrix with Marsaglia–Tsang–Wang's scaling; for small n·d. */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const matrix = new Float64Array(m * m);
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let j = 1; j <= m; j++) inverseFactorial[j] = inverseFactorial[j - 1]! / j;
  for (let row = 0; row < m; row++) {
    for (let col = 0; col < m; col++) {
      if (row - col + 1 >= 0) matrix[row * m + col] = inverseFactorial[row - col + 1]!;
    }
  }
  for (let row = 0; row < m; row++) {
    matrix[row * m] = (1 - h ** (row + 1)) * inverseFactorial[row + 1]!;
    matrix[(m - 1) * m + (m - 1 - row)] = matrix[row * m]!;
  }
  matrix[(m - 1) * m] = (1 - 2 * h ** m + Math.max(2 * h - 1, 0) ** m) * inverseFactorial[m]!;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let base: Float64Array = matrix;
  let exponent = 0;
  let baseExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, base, m);
      exponent += baseExponent;
    }
    base = multiply(base, base, m);
    baseExponent *= 2;
    // Entries grow like n^n / n!; rescale by 2^128 and carry the exponent apart.
    if (Math.abs(base[(k - 1) * m + (k - 1)]!) > SCALE_UP) {
      for (let i = 0; i < base.length; i++) base[i]! *= SCALE_DOWN;
      baseExponent += SCALE_EXPONENT;
    }
  }
  let p = power[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return clamp01(p * 2 ** exponent);
}

/** P(D_n ≤ x) by the Pelz–Good asymptotic series (four terms in 1/√n); for large n. */
export function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -(Math.PI * Math.PI) / 8 / z2;
  if (qLog < MIN_LOG) return 0;
  const q = Math.exp(qLog);
  const pi2 = Math.PI * Math.PI;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  // Σ over odd m = 2k − 1 of c_i(m) q^(m²), evaluated by Horner in q^(8k) from the largest k down.
  for (let k = maxK; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const m4 = m2 * m2;
    const qPower = q ** (8 * k);
    const coefficients = [
      1,
      -z2 + (pi2 / 4) * m2,
      6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * pi2 * m2) / 4 + (pi4 * (1 - 2 * z2) * m4) / 16,
      -30 * z6 -
        90 * z4 * z4 +
        (pi2 * (135 * z4 - 96 * z6) * m2) / 4 +
        (pi4 * (-60 * z2 + 212 * z4) * m4) / 16 +
        (pi6 * (5 - 30 * z2) * m4 * m2) / 64,
    ];
    for (let i = 0; i < 4; i++) terms[i] = terms[i]! * qPower + coefficients[i]!;
  }
  const sqrtTwoPi = Math.sqrt(2 * Math.PI);
  const divisors = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i]! * q * sqrtTwoPi) / divisors[i]!;
  const qAll = Math.exp(-pi2 / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k >= 1; k--) {
    const k2 = k * k;
    const weight = k2 * qAll ** k2;
    k2Extra += weight;
    k3Extra += (3 * z2 - pi2 * k2) * weight;
  }
  terms[2]! += (k2Extra * pi2 * sqrtTwoPi) / (-36 * z2 * z);
  terms[3]! += (k3Extra * pi2 * sqrtTwoPi) / (216 * z6);
  return terms.reduce((sum, term, i) => sum + term / n ** (i / 2), 0);
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** log(n! / n^n) by summation (n is at most a few hundred thousand here). */
function logFactorialOverPower(n: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += Math.log(i / n);
  return sum;
}

/** Upper tail of the two-sided one-sample statistic: P(D_n ≥ x) (SciPy's `kstwo.sf`). */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    // Ruben–Gambino: P(D_n ≤ x) = n!/n^n (2t − 1)^n for 1/2n ≤ x ≤ 1/n.
    return clamp01(1 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)));
  }
  if (t >= n - 1) return clamp01(2 * (1 - x) ** n);
  if (x >= 0.5) return clamp01(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clamp01(1 - kolmogorovCdfDurbin(n, x));
    return clamp01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clamp01(2 * smirnovSf(n, x));
  const cdf =
    n <= 100_000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
  return clamp01(1 - cdf);
}
