import { chiSquaredCategories, proportionZTest, unionOfCategories } from './distribution-tests.js';
import {
  jensenShannonDistance,
  normalizedWasserstein,
  populationStabilityIndex,
} from './distances.js';
import { equalWidthShares, quantileShares } from './histograms.js';
import { ksTwoSample } from './ks-two-sample.js';

/** Drift tests a column can be checked with; 'auto' picks one as Evidently's defaults do. */
export const DRIFT_METHODS = [
  'auto',
  'ks',
  'chi-squared',
  'z-test',
  'wasserstein',
  'jensen-shannon',
  'psi',
] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];
export type ChosenDriftMethod = Exclude<DriftMethod, 'auto'>;

/** Tests whose statistic is a p-value (drift when below the threshold); the rest are distances. */
const P_VALUE_METHODS: ReadonlySet<ChosenDriftMethod> = new Set(['ks', 'chi-squared', 'z-test']);

/** Default thresholds: p < 0.05 for the tests, distance ≥ 0.1 for the distances and PSI. */
export const DEFAULT_P_VALUE_THRESHOLD = 0.05;
export const DEFAULT_DISTANCE_THRESHOLD = 0.1;
/** Evidently switches from tests to distances above this many reference rows. */
export const SMALL_REFERENCE_MAX_ROWS = 1000;
/** Columns with at most this many distinct values use Jensen–Shannon when the reference is large. */
export const FEW_VALUES_MAX = 5;
/** Fewest non-missing values each side needs before a column gets a verdict. */
export const DEFAULT_MIN_SAMPLES = 30;
/** Bins for distances over numeric columns and for the plotted histograms. */
export const DEFAULT_DRIFT_BINS = 10;

/** One column's values on both sides; missing values are dropped before testing. */
export type DriftColumn =
  | { name: string; kind: 'numeric'; reference: ArrayLike<number>; current: ArrayLike<number> }
  | { name: string; kind: 'categorical'; reference: readonly string[]; current: readonly string[] };

/** Options shared by column and dataset drift. */
export interface DriftOptions {
  /** Test to use for every column; 'auto' (default) chooses per column like Evidently. */
  method?: DriftMethod;
  /** Overrides the chosen test's default threshold (p-value or distance). */
  threshold?: number;
  /** Fewest values per side for a verdict (default 30). */
  minSamples?: number;
  /** Bins for numeric distances and histograms (default 10). */
  bins?: number;
}

/** Overlaid distributions of one column: numeric bin edges or categories, with each side's shares. */
export type DriftHistogram =
  | { kind: 'numeric'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categorical'; categories: string[]; reference: number[]; current: number[] };

/** Drift verdict for one column; `drifted` is null (with a reason) when there is too little data. */
export interface ColumnDrift {
  name: string;
  kind: 'numeric' | 'categorical';
  method: ChosenDriftMethod;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  /** 'p-value-below' for tests, 'distance-at-least' for distances. */
  rule: 'p-value-below' | 'distance-at-least';
  drifted: boolean | null;
  reason: string | null;
  referenceCount: number;
  currentCount: number;
  histogram: DriftHistogram;
}

/** Distinct values of both sides, counted only up to `cap` (the method choice needs no more). */
function distinctCountUpTo(column: DriftColumn, cap: number): number {
  const seen = new Set<number | string>();
  for (const side of [column.reference, column.current]) {
    for (let i = 0; i < side.length && seen.size < cap; i++) seen.add(side[i]!);
  }
  return seen.size;
}

/** Evidently's default test for a column given the reference size and distinct values. */
export function defaultDriftMethod(column: DriftColumn): ChosenDriftMethod {
  const distinct = distinctCountUpTo(column, FEW_VALUES_MAX + 1);
  if (column.reference.length <= SMALL_REFERENCE_MAX_ROWS) {
    if (column.kind === 'numeric' && distinct > FEW_VALUES_MAX) return 'ks';
    return distinct > 2 ? 'chi-squared' : 'z-test';
  }
  if (column.kind === 'numeric' && distinct > FEW_VALUES_MAX) return 'wasserstein';
  return 'jensen-shannon';
}

/** Both sides as category labels: numbers (a numeric column tested by counts) become their text. */
function labelsOf(column: DriftColumn): [readonly string[], readonly string[]] {
  if (column.kind === 'categorical') return [column.reference, column.current];
  const text = (values: ArrayLike<number>) => Array.from(values, (value) => String(value));
  return [text(column.reference), text(column.current)];
}

function categoricalShares(reference: readonly string[], current: readonly string[]) {
  const categories = unionOfCategories(reference, current);
  const share = (values: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return categories.map((category) => (counts.get(category) ?? 0) / values.length);
  };
  return { categories, reference: share(reference), current: share(current) };
}

function histogramOf(column: DriftColumn, bins: number): DriftHistogram {
  if (column.kind === 'numeric') {
    return { kind: 'numeric', ...equalWidthShares(column.reference, column.current, bins) };
  }
  return { kind: 'categorical', ...categoricalShares(column.reference, column.current) };
}

function statisticOf(
  column: DriftColumn,
  method: ChosenDriftMethod,
  bins: number,
): { statistic: number; pValue: number | null } {
  const numeric = column.kind === 'numeric';
  switch (method) {
    case 'ks': {
      if (!numeric) throw new RangeError(`${column.name}: the KS test needs a numeric column`);
      const { statistic, pValue } = ksTwoSample(column.reference, column.current);
      return { statistic, pValue };
    }
    case 'chi-squared': {
      const result = chiSquaredCategories(...labelsOf(column));
      return { statistic: result.statistic, pValue: result.pValue };
    }
    case 'z-test': {
      const result = proportionZTest(...labelsOf(column));
      return { statistic: result.statistic, pValue: result.pValue };
    }
    case 'wasserstein': {
      if (!numeric) throw new RangeError(`${column.name}: Wasserstein needs a numeric column`);
      return { statistic: normalizedWasserstein(column.reference, column.current), pValue: null };
    }
    case 'jensen-shannon': {
      const shares = numeric
        ? equalWidthShares(column.reference, column.current, bins)
        : categoricalShares(column.reference, column.current);
      return { statistic: jensenShannonDistance(shares.reference, shares.current), pValue: null };
    }
    case 'psi': {
      const shares = numeric
        ? quantileShares(column.reference, column.current, bins)
        : categoricalShares(column.reference, column.current);
      return {
        statistic: populationStabilityIndex(shares.reference, shares.current),
        pValue: null,
      };
    }
  }
}

/** Numeric-only tests fall back to their categorical counterpart on a categorical column. */
function applicableMethod(column: DriftColumn, method: ChosenDriftMethod): ChosenDriftMethod {
  if (column.kind === 'numeric') return method;
  if (method === 'ks') return distinctCountUpTo(column, 3) > 2 ? 'chi-squared' : 'z-test';
  if (method === 'wasserstein') return 'jensen-shannon';
  return method;
}

/** Tests one column for drift between reference and current values. */
export function detectColumnDrift(column: DriftColumn, options: DriftOptions = {}): ColumnDrift {
  const bins = options.bins ?? DEFAULT_DRIFT_BINS;
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  const requested = options.method ?? 'auto';
  const method = applicableMethod(
    column,
    requested === 'auto' ? defaultDriftMethod(column) : requested,
  );
  const usesPValue = P_VALUE_METHODS.has(method);
  const threshold =
    options.threshold ?? (usesPValue ? DEFAULT_P_VALUE_THRESHOLD : DEFAULT_DISTANCE_THRESHOLD);
  const base = {
    name: column.name,
    kind: column.kind,
    method,
    threshold,
    rule: usesPValue ? ('p-value-below' as const) : ('distance-at-least' as const),
    referenceCount: column.reference.length,
    currentCount: column.current.length,
  };
  const short = Math.min(column.reference.length, column.current.length);
  if (short < minSamples) {
    const side = column.reference.length < minSamples ? 'reference' : 'current';
    const count = side === 'reference' ? column.reference.length : column.current.length;
    return {
      ...base,
      statistic: null,
      pValue: null,
      drifted: null,
      reason: `too little data: ${count} ${side} value(s), at least ${minSamples} needed`,
      histogram: short === 0 ? emptyHistogram(column) : histogramOf(column, bins),
    };
  }
  const { statistic, pValue } = statisticOf(column, method, bins);
  const drifted = usesPValue ? pValue! < threshold : statistic >= threshold;
  return {
    ...base,
    statistic,
    pValue,
    drifted,
    reason: null,
    histogram: histogramOf(column, bins),
  };
}

function emptyHistogram(column: DriftColumn): DriftHistogram {
  return column.kind === 'numeric'
    ? { kind: 'numeric', edges: [], reference: [], current: [] }
    : { kind: 'categorical', categories: [], reference: [], current: [] };
}
