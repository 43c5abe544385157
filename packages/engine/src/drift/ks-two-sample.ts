import { kolmogorovSf } from './kolmogorov.js';
import { roundHalfEven } from './special-functions.js';

/** SciPy's `ks_2samp(method='auto')` computes exact p-values while both samples are this small. */
export const KS_EXACT_MAX_N = 10_000;

/** Result of a two-sample Kolmogorov–Smirnov test. */
export interface KsTwoSampleResult {
  statistic: number;
  pValue: number;
  /** 'exact' (lattice-path count) or 'asymptotic' (one-sample D_n at the effective size). */
  mode: 'exact' | 'asymptotic';
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Largest absolute gap between the two empirical CDFs; inputs sorted ascending. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= value) i++;
    while (j < b.length && b[j]! <= value) j++;
    largest = Math.max(largest, Math.abs(i / a.length - j / b.length));
  }
  return largest;
}

/**
 * P(D_{m,n} ≥ h/lcm) exactly: one minus the probability that a uniformly random lattice path
 * from (0,0) to (m,n) keeps |x·n/g − y·m/g| < h. Walking probabilities instead of path counts keeps
 * every value in [0, 1], so no binomial ever overflows.
 */
function exactTwoSidedSf(m: number, n: number, h: number): number {
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  const inside = new Float64Array(n + 1);
  let low = 0;
  let high = -1;
  for (let x = 0; x <= m; x++) {
    const nextLow = Math.max(0, Math.floor((x * ng - h) / mg) + 1);
    const nextHigh = Math.min(n, Math.ceil((x * ng + h) / mg) - 1);
    for (let y = low; y < Math.min(nextLow, high + 1); y++) inside[y] = 0;
    for (let y = nextLow; y <= nextHigh; y++) {
      if (x === 0 && y === 0) {
        inside[0] = 1;
        continue;
      }
      const remaining = m + n - x - y + 1;
      const fromLeft = x > 0 && y >= low && y <= high ? (inside[y]! * (m - x + 1)) / remaining : 0;
      const fromBelow = y > nextLow ? (inside[y - 1]! * (n - y + 1)) / remaining : 0;
      inside[y] = fromLeft + fromBelow;
    }
    low = nextLow;
    high = nextHigh;
    if (high < low) return 1;
  }
  return high === n ? Math.min(1, Math.max(0, 1 - inside[n]!)) : 1;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test, as SciPy's `ks_2samp` with method 'auto': exact
 * while both samples have at most 10 000 values, otherwise the asymptotic distribution.
 */
export function ksTwoSample(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): KsTwoSampleResult {
  const a = sortedCopy(reference);
  const b = sortedCopy(current);
  if (a.length === 0 || b.length === 0) throw new RangeError('ksTwoSample needs non-empty samples');
  const d = ksStatistic(a, b);
  const n1 = a.length;
  const n2 = b.length;
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const lcm = (n1 / gcd(n1, n2)) * n2;
    const h = roundHalfEven(d * lcm);
    const statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1, mode: 'exact' };
    return { statistic, pValue: exactTwoSidedSf(n1, n2, h), mode: 'exact' };
  }
  const effective = roundHalfEven((n1 * n2) / (n1 + n2));
  return { statistic: d, pValue: kolmogorovSf(effective, d), mode: 'asymptotic' };
}
