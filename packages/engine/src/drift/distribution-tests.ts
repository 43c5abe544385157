import { chiSquaredSf, normalSf } from './special-functions.js';

/** A test statistic with its p-value. */
export interface PValueResult {
  statistic: number;
  pValue: number;
}

/** Counts of each category in the order of `categories`. */
export function countCategories(
  values: readonly string[],
  categories: readonly string[],
): Float64Array {
  const index = new Map(categories.map((category, i) => [category, i]));
  const counts = new Float64Array(categories.length);
  for (const value of values) {
    const i = index.get(value);
    if (i !== undefined) counts[i]! += 1;
  }
  return counts;
}

/** Distinct values of both samples, sorted, so results do not depend on arrival order. */
export function unionOfCategories(
  reference: readonly string[],
  current: readonly string[],
): string[] {
  const seen = new Set<string>();
  for (const value of reference) seen.add(value);
  for (const value of current) seen.add(value);
  return [...seen].sort();
}

/**
 * Chi-squared test of the current category counts against the reference proportions scaled to
 * the current size (Evidently's `chisquare` drift test; SciPy's `chisquare(f_obs, f_exp)`).
 * A category the reference never saw has expected count 0: statistic ∞, p-value 0.
 */
export function chiSquaredCategories(
  reference: readonly string[],
  current: readonly string[],
): PValueResult {
  const categories = unionOfCategories(reference, current);
  if (categories.length < 2) return { statistic: 0, pValue: 1 };
  const expected = countCategories(reference, categories);
  const observed = countCategories(current, categories);
  const scale = current.length / reference.length;
  let statistic = 0;
  for (let i = 0; i < categories.length; i++) {
    const e = expected[i]! * scale;
    const o = observed[i]!;
    statistic += e === 0 ? Infinity : ((o - e) * (o - e)) / e;
  }
  if (statistic === Infinity) return { statistic, pValue: 0 };
  return { statistic, pValue: chiSquaredSf(statistic, categories.length - 1) };
}

/**
 * Two-sided Z-test for the difference of two proportions with a pooled variance (Evidently's
 * `z` drift test for binary features). The proportion is that of the first category in sorted
 * order; the two-sided p-value does not depend on which one.
 */
export function proportionZTest(
  reference: readonly string[],
  current: readonly string[],
): PValueResult {
  const categories = unionOfCategories(reference, current);
  if (categories.length < 2) return { statistic: 0, pValue: 1 };
  const first = categories[0];
  const p1 = reference.filter((value) => value === first).length / reference.length;
  const p2 = current.filter((value) => value === first).length / current.length;
  const pooled =
    (p1 * reference.length + p2 * current.length) / (reference.length + current.length);
  const statistic =
    (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / reference.length + 1 / current.length));
  return { statistic, pValue: 2 * normalSf(Math.abs(statistic)) };
}
