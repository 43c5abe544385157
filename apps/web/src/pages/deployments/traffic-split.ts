/** Every split a deployment accepts sums to exactly this (percent). */
export const TOTAL_WEIGHT = 100;

/**
 * Sets route `index` to `value` (clamped to 0–100, whole percent) and shares the rest among the
 * other routes in proportion to their current weights, so the split always sums to 100. Routes
 * that all stood at 0 share the rest equally.
 */
export function rebalanceWeights(
  weights: readonly number[],
  index: number,
  value: number,
): number[] {
  if (weights.length === 0) return [];
  if (weights.length === 1) return [TOTAL_WEIGHT];
  const fixed = Math.min(TOTAL_WEIGHT, Math.max(0, Math.round(Number.isFinite(value) ? value : 0)));
  const others = weights.map((w, i) => (i === index ? 0 : Math.max(0, w)));
  const othersTotal = others.reduce((sum, w) => sum + w, 0);
  const shares = others.map((w, i) =>
    i === index ? 0 : othersTotal > 0 ? w / othersTotal : 1 / (weights.length - 1),
  );
  const spread = largestRemainder(shares, TOTAL_WEIGHT - fixed);
  spread[index] = fixed;
  return spread;
}

/**
 * Whole numbers proportional to `shares` that sum to exactly `total` (Hamilton's method: floor
 * each, then hand the leftover units to the largest remainders, earlier routes first on ties).
 */
export function largestRemainder(shares: readonly number[], total: number): number[] {
  const sum = shares.reduce((s, w) => s + w, 0);
  if (sum <= 0) return shares.map(() => 0);
  const exact = shares.map((w) => (w / sum) * total);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((s, w) => s + w, 0);
  const order = exact
    .map((e, i) => ({ i, rest: e - Math.floor(e) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  return floors;
}

/** Weights for a newly added route: it takes `share` percent, the others keep their proportions. */
export function addRouteWeights(weights: readonly number[], share = 10): number[] {
  if (weights.length === 0) return [TOTAL_WEIGHT];
  return rebalanceWeights([...weights, 0], weights.length, share);
}

/** Weights after removing route `index`: its share goes to the others proportionally. */
export function removeRouteWeights(weights: readonly number[], index: number): number[] {
  const rest = weights.filter((_, i) => i !== index);
  if (rest.length === 0) return [];
  const total = rest.reduce((s, w) => s + w, 0);
  return largestRemainder(total > 0 ? rest : rest.map(() => 1), TOTAL_WEIGHT);
}
