/**
 * Indices of at most `maxPoints` points of a curve, spread evenly along its length: the first and
 * last point are kept, and an inner point is kept when the path length so far first reaches the
 * next multiple of length / (maxPoints − 1). Every kept point is a real point of the curve (with
 * its real threshold), and dense stretches lose the most points, so the drawn shape holds.
 */
export function evenlyAlongCurve(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  maxPoints: number,
): number[] {
  const n = x.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const length = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    length[i] = length[i - 1]! + Math.hypot(x[i]! - x[i - 1]!, y[i]! - y[i - 1]!);
  }
  const total = length[n - 1]!;
  // A hair under the exact step, so rounding in the running sum cannot push a point one late.
  const step = (total / (maxPoints - 1)) * (1 - 1e-12);
  const kept = [0];
  let next = 1;
  for (let i = 1; i < n - 1 && next <= maxPoints - 2; i++) {
    if (total > 0 && length[i]! >= next * step) {
      kept.push(i);
      while (next <= maxPoints - 2 && next * step <= length[i]!) next++;
    }
  }
  kept.push(n - 1);
  return kept;
}

/** The entries of `values` at `indices`, as a plain array. */
export function takeAt(values: ArrayLike<number>, indices: readonly number[]): number[] {
  return indices.map((i) => values[i]!);
}
