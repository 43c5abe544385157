import type { DriftColumnResult } from '@aistudio/contracts';
import { formatStat } from '../../../format/numbers';
import { columnVerdict, type DriftVerdict } from './drift-verdicts';

const METHOD_NAMES: Record<DriftColumnResult['method'], string> = {
  ks: 'Kolmogorov–Smirnov',
  'chi-squared': 'chi-squared',
  'z-test': 'proportion Z-test',
  wasserstein: 'Wasserstein / std',
  'jensen-shannon': 'Jensen–Shannon',
  psi: 'PSI',
};

/** One feature's row of the report, in words and formatted figures. */
export interface FeatureDriftRow {
  readonly name: string;
  readonly method: string;
  /** The figure the verdict compares: the p-value for tests, the distance otherwise. */
  readonly statistic: string;
  /** What drift means for this method, e.g. `p < 0.05` or `≥ 0.1`. */
  readonly threshold: string;
  readonly verdict: DriftVerdict;
  readonly reason: string | null;
  readonly column: DriftColumnResult;
}

/** The report's feature rows: drifted first, then the others, then those without a verdict. */
export function featureDriftRows(features: readonly DriftColumnResult[]): FeatureDriftRow[] {
  return features
    .map((column) => ({
      name: column.name,
      method: METHOD_NAMES[column.method],
      statistic: statisticText(column),
      threshold:
        column.rule === 'p-value-below'
          ? `p < ${formatStat(column.threshold)}`
          : `≥ ${formatStat(column.threshold)}`,
      verdict: columnVerdict(column),
      reason: column.reason,
      column,
    }))
    .sort(
      (a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.name.localeCompare(b.name),
    );
}

function statisticText(column: DriftColumnResult): string {
  if (column.statistic === null) return '—';
  if (column.rule === 'p-value-below')
    return `${formatStat(column.statistic)} (${formatPValue(column.pValue)})`;
  return formatStat(column.statistic);
}

function formatPValue(p: number | null): string {
  if (p === null) return 'p —';
  // Below this a p-value only says "certainly drifted"; its digits are rounding noise.
  return p < 1e-4 ? 'p < 0.0001' : `p = ${formatStat(p)}`;
}

const VERDICT_ORDER: Record<DriftVerdict, number> = {
  drift: 0,
  'no drift': 1,
  'too little data': 2,
  failed: 3,
  running: 3,
};

/** One bar pair of the overlaid distributions: the share of reference and current values. */
export interface DistributionBin {
  readonly label: string;
  readonly reference: number;
  readonly current: number;
}

/** Categories, or numeric bins named by their range, with both samples' shares. */
export function distributionBins(histogram: DriftColumnResult['histogram']): DistributionBin[] {
  if (histogram.kind === 'categorical')
    return histogram.categories.map((category, i) => ({
      label: category,
      reference: histogram.reference[i] ?? 0,
      current: histogram.current[i] ?? 0,
    }));
  return histogram.reference.map((reference, i) => ({
    label: `${formatStat(histogram.edges[i])}–${formatStat(histogram.edges[i + 1])}`,
    reference,
    current: histogram.current[i] ?? 0,
  }));
}
