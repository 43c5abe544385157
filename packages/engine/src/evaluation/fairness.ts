import { EngineInputError } from '../errors.js';
import { accuracy, balancedAccuracy } from '../metrics/label-metrics.js';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from '../metrics/regression-metrics.js';
import { rocAuc } from '../metrics/score-metrics.js';
import { UndefinedMetricError } from '../metrics/undefined-metric.js';
import type { Task } from '../task.js';
import type { Column, Table } from '../table.js';

/** The task's main metrics per group of one column, and the largest gap per metric. */
export interface FairnessReport {
  readonly column: string;
  /** Groups with fewer rows are marked `smallSample` and left out of the gaps (unless all are). */
  readonly minGroupRows: number;
  /** How groups were formed: one per value, or quantile bins of a numeric column. */
  readonly grouping: 'values' | 'quantile bins';
  readonly groups: {
    group: string;
    rows: number;
    smallSample: boolean;
    metrics: Record<string, number | null>;
  }[];
  /** Per metric (in the order of `metrics`), the highest and lowest group and their difference. */
  readonly gaps: {
    metric: string;
    gap: number;
    highest: { group: string; value: number };
    lowest: { group: string; value: number };
  }[];
}

/** What the fairness report compares: the held-out truth and predictions of a model. */
export interface FairnessInputs {
  readonly task: Task;
  /** Class codes or target values. */
  readonly truth: Float64Array;
  /** Predicted class codes or values. */
  readonly predicted: Float64Array;
  /** Binary only: P(class 1) per row. */
  readonly positiveScore: Float64Array | null;
  readonly numClasses: number;
}

// Below ~30 rows a group's accuracy moves by several points with one row: too noisy to compare.
const MIN_GROUP_ROWS = 30;
// A numeric column with more distinct values than this is cut into quartiles.
const MAX_VALUE_GROUPS = 20;
const QUANTILE_BINS = 4;
// Past this many groups the table stops being readable; the rest are pooled.
const MAX_GROUPS = 50;
const MISSING = '(missing)';
const OTHER = '(other)';

/** Metrics per group of `column` (rows aligned with `inputs`), with the largest gaps. */
export function fairnessReport(column: Column, inputs: FairnessInputs): FairnessReport {
  const { labels, grouping } = groupLabels(column);
  const members = new Map<string, number[]>();
  labels.forEach((g, i) => {
    const rows = members.get(g);
    if (rows) rows.push(i);
    else members.set(g, [i]);
  });
  const ordered = [...members.entries()].sort((a, b) => b[1].length - a[1].length);
  if (ordered.length > MAX_GROUPS) {
    const pooled = ordered.splice(MAX_GROUPS - 1).flatMap(([, rows]) => rows);
    ordered.push([OTHER, pooled.sort((a, b) => a - b)]);
  }
  const groups = ordered.map(([group, rows]) => ({
    group,
    rows: rows.length,
    smallSample: rows.length < MIN_GROUP_ROWS,
    metrics: groupMetrics(inputs, rows),
  }));
  return {
    column: column.name,
    minGroupRows: MIN_GROUP_ROWS,
    grouping,
    groups,
    gaps: gapsOf(groups),
  };
}

function groupLabels(column: Column): { labels: string[]; grouping: FairnessReport['grouping'] } {
  if (column.kind === 'categorical') {
    const labels = Array.from(column.codes, (c) => (c < 0 ? MISSING : column.categories[c]!));
    return { labels, grouping: 'values' };
  }
  if (column.kind === 'text') {
    return { labels: column.values.map((v) => v ?? MISSING), grouping: 'values' };
  }
  const values = column.values;
  const distinct = new Set(Array.from(values).filter((v) => !Number.isNaN(v)));
  if (distinct.size <= MAX_VALUE_GROUPS) {
    return {
      labels: Array.from(values, (v) => (Number.isNaN(v) ? MISSING : String(v))),
      grouping: 'values',
    };
  }
  // Quartiles of the rows (not of the distinct values), so the groups hold similar row counts.
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const edges = Array.from(
    { length: QUANTILE_BINS - 1 },
    (_, q) => sorted[Math.floor(((q + 1) * sorted.length) / QUANTILE_BINS)]!,
  );
  const name = (b: number): string =>
    b === 0
      ? `< ${edges[0]}`
      : b === edges.length
        ? `>= ${edges[b - 1]}`
        : `[${edges[b - 1]}, ${edges[b]})`;
  const labels = Array.from(values, (v) => {
    if (Number.isNaN(v)) return MISSING;
    let b = 0;
    while (b < edges.length && v >= edges[b]!) b++;
    return name(b);
  });
  return { labels, grouping: 'quantile bins' };
}

function groupMetrics(inputs: FairnessInputs, rows: number[]): Record<string, number | null> {
  const t = rows.map((i) => inputs.truth[i]!);
  const p = rows.map((i) => inputs.predicted[i]!);
  if (inputs.task === 'regression') {
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      rmse: orNull(() => rootMeanSquaredError(t, p)),
      mae: orNull(() => meanAbsoluteError(t, p)),
      r2: orNull(() => r2Score(t, p)),
      // Mean of y − ŷ: a group the model systematically under- or over-predicts.
      meanResidual: mean(t.map((v, j) => v - p[j]!)),
      meanPrediction: mean(p),
    };
  }
  const numClasses = inputs.numClasses;
  const metrics: Record<string, number | null> = {
    accuracy: accuracy(t, p, { numClasses }),
    // Balanced accuracy averages recall over the classes present in the group only.
    balancedAccuracy: orNull(() => balancedAccuracy(t, p, { numClasses })),
  };
  if (inputs.task !== 'binary') return metrics;
  const positives = t.filter((v) => v === 1).length;
  const negatives = t.length - positives;
  const count = (pred: number, truth: number): number =>
    p.filter((v, j) => v === pred && t[j] === truth).length;
  return {
    ...metrics,
    // Demographic parity compares selection rates; equalised odds compares TPR and FPR.
    selectionRate: p.filter((v) => v === 1).length / p.length,
    truePositiveRate: positives > 0 ? count(1, 1) / positives : null,
    falsePositiveRate: negatives > 0 ? count(1, 0) / negatives : null,
    rocAuc: orNull(() =>
      rocAuc(
        t,
        rows.map((i) => inputs.positiveScore![i]!),
      ),
    ),
  };
}

function orNull(compute: () => number): number | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof UndefinedMetricError) return null;
    throw error;
  }
}

function gapsOf(groups: FairnessReport['groups']): FairnessReport['gaps'] {
  const large = groups.filter((g) => !g.smallSample);
  const compared = large.length >= 2 ? large : groups;
  if (compared.length < 2) return [];
  const metrics = Object.keys(compared[0]!.metrics);
  return metrics.flatMap((metric) => {
    const scored = compared.flatMap((g) => {
      const value = g.metrics[metric];
      return value === null || value === undefined ? [] : [{ group: g.group, value }];
    });
    if (scored.length < 2) return [];
    const highest = scored.reduce((a, b) => (b.value > a.value ? b : a));
    const lowest = scored.reduce((a, b) => (b.value < a.value ? b : a));
    return [{ metric, gap: highest.value - lowest.value, highest, lowest }];
  });
}

/** Checks that `name` is a column of the evaluated table. */
export function groupColumn(table: Table, name: string): Column {
  if (typeof name !== 'string' || !table.has(name)) {
    throw new EngineInputError('groupBy', `names no column of the table (${String(name)})`);
  }
  return table.column(name);
}
