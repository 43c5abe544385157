/** Population standard deviation (NumPy's `std`, ddof = 0). */
export function populationStd(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]!;
  mean /= values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return Math.sqrt(squares / values.length);
}

/** First Wasserstein (earth mover's) distance between two 1-D samples (SciPy's `wasserstein_distance`). */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = Float64Array.from(u).sort();
  const b = Float64Array.from(v).sort();
  let i = 0;
  let j = 0;
  let distance = 0;
  let previous = Math.min(a[0]!, b[0]!);
  // Walk the pooled values in order; between two of them both CDFs are flat: |F_u − F_v| · width.
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    distance += Math.abs(i / a.length - j / b.length) * (value - previous);
    while (i < a.length && a[i]! === value) i++;
    while (j < b.length && b[j]! === value) j++;
    previous = value;
  }
  return distance;
}

/** Smallest spread used when normalizing by the reference's std (Evidently's floor). */
export const MIN_NORMALIZING_STD = 0.001;

/** Wasserstein distance divided by the reference's population std (at least 0.001), as Evidently does. */
export function normalizedWasserstein(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): number {
  return (
    wassersteinDistance(reference, current) /
    Math.max(populationStd(reference), MIN_NORMALIZING_STD)
  );
}

function relativeEntropyTerm(x: number, y: number): number {
  if (x === 0) return 0;
  if (y === 0) return Infinity;
  return x * Math.log(x / y);
}

/**
 * Jensen–Shannon distance (the square root of the divergence, natural log) between two
 * histograms, normalized to sum 1 first (SciPy's `distance.jensenshannon`, Evidently's base).
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sumP = 0;
  let sumQ = 0;
  for (let i = 0; i < p.length; i++) {
    sumP += p[i]!;
    sumQ += q[i]!;
  }
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / sumP;
    const qi = q[i]! / sumQ;
    const mi = (pi + qi) / 2;
    divergence += relativeEntropyTerm(pi, mi) + relativeEntropyTerm(qi, mi);
  }
  return Math.sqrt(divergence / 2);
}

/** Floor for an empty bin's share in PSI, so ln(r/c) stays finite. */
export const PSI_EMPTY_BIN_SHARE = 0.0001;

/** Population stability index Σ (r − c) · ln(r / c) over bin shares; an empty bin counts as 0.0001. */
export function populationStabilityIndex(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): number {
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]! === 0 ? PSI_EMPTY_BIN_SHARE : reference[i]!;
    const c = current[i]! === 0 ? PSI_EMPTY_BIN_SHARE : current[i]!;
    psi += (r - c) * Math.log(r / c);
  }
  return psi;
}
