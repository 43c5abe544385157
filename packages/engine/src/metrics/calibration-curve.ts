import { EngineInputError } from '../errors.js';
import { readLabels, readProbabilities, type LabelInput, type NumberInput } from './inputs.js';

/** Options of `calibrationCurve`. */
export interface CalibrationCurveOptions {
  /** Number of bins, default 5 (scikit-learn's default), 1..1000. */
  readonly nBins?: number;
  /** `uniform` (default): equal-width bins on [0, 1]; `quantile`: bins of equal row counts. */
  readonly strategy?: 'uniform' | 'quantile';
}

/** scikit-learn's `calibration_curve`, plus the row count of each non-empty bin. */
export interface CalibrationCurve {
  /** Share of class-1 rows in each non-empty bin. */
  readonly probTrue: number[];
  /** Mean predicted probability in each non-empty bin. */
  readonly probPred: number[];
  /** Rows in each non-empty bin (not part of scikit-learn's output; shown as a histogram). */
  readonly count: number[];
}

/**
 * Reliability curve of binary `yTrue` (0/1) against P(class 1). A probability equal to an inner
 * bin edge falls in the lower bin (numpy `searchsorted`, side left); empty bins are left out.
 */
export function calibrationCurve(
  yTrue: LabelInput,
  proba: NumberInput,
  options: CalibrationCurveOptions = {},
): CalibrationCurve {
  const nBins = options.nBins ?? 5;
  if (!Number.isInteger(nBins) || nBins < 1 || nBins > 1000) {
    throw new EngineInputError('nBins', `must be an integer in 1..1000, got ${String(nBins)}`);
  }
  const strategy = options.strategy ?? 'uniform';
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new EngineInputError(
      'strategy',
      `must be 'uniform' or 'quantile', got ${String(strategy)}`,
    );
  }
  const y = readLabels('yTrue', yTrue, 2);
  const layout = readProbabilities('proba', proba, y.length);
  if (layout.columns !== 1) {
    throw new EngineInputError('proba', 'must hold one P(class 1) per row for a calibration curve');
  }
  const p = layout.values;
  const edges = strategy === 'uniform' ? uniformEdges(nBins) : quantileEdges(p, nBins);
  const sums = new Float64Array(nBins);
  const positives = new Float64Array(nBins);
  const counts = new Float64Array(nBins);
  for (let i = 0; i < p.length; i++) {
    const bin = countBelow(edges, p[i]!);
    sums[bin]! += p[i]!;
    positives[bin]! += y[i]!;
    counts[bin]!++;
  }
  const out: CalibrationCurve = { probTrue: [], probPred: [], count: [] };
  for (let b = 0; b < nBins; b++) {
    if (counts[b] === 0) continue;
    out.probTrue.push(positives[b]! / counts[b]!);
    out.probPred.push(sums[b]! / counts[b]!);
    out.count.push(counts[b]!);
  }
  return out;
}

/** numpy's `linspace(0, 1, n + 1)` step: i · (1/n), computed the same way so edges match bitwise. */
function linspaceStep(i: number, nBins: number): number {
  return i === nBins ? 1 : i * (1 / nBins);
}

// Inner edges only: the first and last edge never decide a bin.
function uniformEdges(nBins: number): Float64Array {
  return Float64Array.from({ length: nBins - 1 }, (_, j) => linspaceStep(j + 1, nBins));
}

/** numpy's `percentile(p, linspace(0, 1, n + 1) * 100)` (method linear), inner edges only. */
function quantileEdges(p: Float64Array, nBins: number): Float64Array {
  const sorted = Float64Array.from(p).sort();
  const last = sorted.length - 1;
  return Float64Array.from({ length: nBins - 1 }, (_, j) => {
    const virtual = ((linspaceStep(j + 1, nBins) * 100) / 100) * last;
    if (virtual >= last) return sorted[last]!;
    const below = Math.floor(virtual);
    const a = sorted[below]!;
    const b = sorted[below + 1]!;
    const t = virtual - below;
    // numpy's _lerp: from the nearer end, so t = 1 gives b exactly.
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  });
}

/** Number of edges strictly below x: numpy `searchsorted(edges, x, side='left')`. */
function countBelow(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
