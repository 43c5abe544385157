/** Bin edges and each sample's share per bin, for drift statistics and overlaid plots. */
export interface BinnedShares {
  edges: number[];
  reference: number[];
  current: number[];
}

function extent(values: ArrayLike<number>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < low) low = values[i]!;
    if (values[i]! > high) high = values[i]!;
  }
  return [low, high];
}

/** `bins` equal-width edges over [min, max] of both samples (NumPy's `histogram_bin_edges`). */
export function equalWidthEdges(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  bins: number,
): number[] {
  const [lowA, highA] = extent(a);
  const [lowB, highB] = extent(b);
  let low = Math.min(lowA, lowB);
  let high = Math.max(highA, highB);
  if (low === high) {
    low -= 0.5;
    high += 0.5;
  }
  const step = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => low + i * step);
  edges[bins] = high;
  return edges;
}

/** Index of the first edge ≥ value (binary search); with `rightClosed` bins are (e[i−1], e[i]]. */
function firstEdgeAtLeast(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shares per half-open bin [e[i], e[i+1]), the last one closed (NumPy's `histogram` / n). */
export function histogramShares(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value < edges[0]! || value > edges[bins]!) continue;
    // Bin = number of edges ≤ value, minus one; the maximum falls in the last bin.
    let bin = firstEdgeAtLeast(edges, value);
    if (edges[bin] !== value) bin -= 1;
    counts[Math.min(bin, bins - 1)]! += 1;
  }
  return counts.map((count) => count / values.length);
}

/** Both samples' shares over `bins` equal-width bins spanning both (Evidently's numeric binning). */
export function equalWidthShares(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  bins: number,
): BinnedShares {
  const edges = equalWidthEdges(reference, current, bins);
  return {
    edges,
    reference: histogramShares(reference, edges),
    current: histogramShares(current, edges),
  };
}

/** Quantile of sorted values with linear interpolation (NumPy's default). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Shares over the reference's quantile bins (deciles for `bins` = 10), right-closed, the outer
 * bins open-ended so current values outside the reference's range still count. Repeated
 * quantiles of discrete data collapse into one edge.
 */
export function quantileShares(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  bins: number,
): BinnedShares {
  const sorted = Float64Array.from(reference).sort();
  const cuts = [
    ...new Set(
      Array.from({ length: bins - 1 }, (_, i) => quantileOfSorted(sorted, (i + 1) / bins)),
    ),
  ];
  const shares = (values: ArrayLike<number>): number[] => {
    const counts = new Array<number>(cuts.length + 1).fill(0);
    for (let i = 0; i < values.length; i++) counts[firstEdgeAtLeast(cuts, values[i]!)]! += 1;
    return counts.map((count) => count / values.length);
  };
  return { edges: cuts, reference: shares(reference), current: shares(current) };
}
