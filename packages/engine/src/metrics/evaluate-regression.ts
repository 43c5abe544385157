import { EngineInputError } from '../errors.js';
import { sampleSorted } from '../random.js';
import { type NumberInput } from './inputs.js';
import {
  explainedVariance,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  readRegression,
  rootMeanSquaredError,
} from './regression-metrics.js';
import { UndefinedMetricError } from './undefined-metric.js';
import type { UndefinedMetric } from './evaluate-classification.js';

/** Options of `evaluateRegression`. */
export interface EvaluateRegressionOptions {
  /** One non-negative weight per row; the residual plot and histogram ignore it. */
  readonly sampleWeight?: NumberInput;
  /** Most rows in the residual scatter, default 500 (1..100,000); a seeded sample beyond that. */
  readonly maxPoints?: number;
  /** Bins of the residual histogram, default 20 (1..1,000). */
  readonly histogramBins?: number;
  /** Seed of the residual-scatter sample, default 0. */
  readonly seed?: number;
}

/** Everything `evaluateRegression` measures, as plain JSON-serialisable data. */
export interface RegressionReport {
  readonly rows: number;
  /** Null when the value overflows (|y − ŷ| near 1e154 or more). */
  readonly mse: number | null;
  readonly rmse: number | null;
  readonly mae: number | null;
  /** As a fraction; a row with y = 0 makes it huge (see `meanAbsolutePercentageError`). */
  readonly mape: number | null;
  /** Null with fewer than 2 rows. */
  readonly r2: number | null;
  readonly explainedVariance: number | null;
  readonly residuals: {
    /** Sampled rows, ascending row order: actual y, prediction ŷ and residual y − ŷ. */
    readonly points: { row: number[]; actual: number[]; predicted: number[]; residual: number[] };
    /** Equal-width bins from the smallest to the largest residual; `edges` has one more entry. */
    readonly histogram: { edges: number[]; counts: number[] };
  };
  readonly undefinedMetrics: UndefinedMetric[];
}

/** Evaluates regression predictions: scikit-learn's error metrics plus display-sized residuals. */
export function evaluateRegression(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: EvaluateRegressionOptions = {},
): RegressionReport {
  const maxPoints = boundedInteger('maxPoints', options.maxPoints ?? 500, 1, 100_000);
  const bins = boundedInteger('histogramBins', options.histogramBins ?? 20, 1, 1_000);
  const seed = boundedInteger('seed', options.seed ?? 0, 0, 2 ** 32 - 1);
  const { t, p } = readRegression(yTrue, yPred, options);
  const metricOptions = { sampleWeight: options.sampleWeight };
  const undefinedMetrics: UndefinedMetric[] = [];
  const finiteOrNull = (metric: string, compute: () => number): number | null => {
    try {
      const value = compute();
      if (Number.isFinite(value)) return value;
      undefinedMetrics.push({ metric, reason: `${metric}: overflows a double` });
    } catch (error) {
      if (!(error instanceof UndefinedMetricError)) throw error;
      undefinedMetrics.push({ metric: error.metric, reason: error.message });
    }
    return null;
  };
  const residual = t.map((v, i) => v - p[i]!);
  const all = Uint32Array.from({ length: t.length }, (_, i) => i);
  const rows = Array.from(sampleSorted(all, maxPoints, seed));
  return {
    rows: t.length,
    mse: finiteOrNull('meanSquaredError', () => meanSquaredError(t, p, metricOptions)),
    rmse: finiteOrNull('rootMeanSquaredError', () => rootMeanSquaredError(t, p, metricOptions)),
    mae: finiteOrNull('meanAbsoluteError', () => meanAbsoluteError(t, p, metricOptions)),
    mape: finiteOrNull('meanAbsolutePercentageError', () =>
      meanAbsolutePercentageError(t, p, metricOptions),
    ),
    r2: finiteOrNull('r2Score', () => r2Score(t, p, metricOptions)),
    explainedVariance: finiteOrNull('explainedVariance', () =>
      explainedVariance(t, p, metricOptions),
    ),
    residuals: {
      points: {
        row: rows,
        actual: rows.map((i) => t[i]!),
        predicted: rows.map((i) => p[i]!),
        residual: rows.map((i) => residual[i]!),
      },
      histogram: histogram(residual, bins),
    },
    undefinedMetrics,
  };
}

// The top edge is inclusive so the largest residual lands in the last bin.
function histogram(values: Float64Array, bins: number): { edges: number[]; counts: number[] } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const width = (max - min) / bins;
  if (!(width > 0) || !Number.isFinite(width))
    return { edges: [min, max], counts: [values.length] };
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  return { edges, counts };
}

function boundedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineInputError(name, `must be an integer in ${min}..${max}, got ${String(value)}`);
  }
  return value;
}
