import type { DeploymentPerformance } from '@aistudio/contracts';
import type { LineSeries } from '../../../components/charts/LineChart';
import { timeAxisOf } from './service-charts';

/** The task metric a performance chart shows, per version over time. */
export interface PerformanceChart {
  readonly metric: 'accuracy' | 'mae';
  readonly xLabel: string;
  readonly series: readonly LineSeries[];
  /** Per version: labelled records and the metric over the whole window. */
  readonly totals: readonly { version: string; labeled: number; value: number | null }[];
}

/**
 * Accuracy per version for classifiers, MAE for regressors, from GET …/performance; null when no
 * logged prediction has received feedback (the card then says how to send it). A shadow version is
 * its own series, named as such.
 */
export function performanceChart(
  performance: DeploymentPerformance | undefined,
  versionLabel: (modelVersionId: string) => string,
): PerformanceChart | null {
  const versions = performance?.versions.filter((v) => v.labeled > 0) ?? [];
  if (!performance || versions.length === 0) return null;
  const metric = versions[0]!.task === 'regression' ? 'mae' : 'accuracy';
  const axis = timeAxisOf(performance.window);
  const from = Date.parse(performance.from);
  const name = (v: (typeof versions)[number]) =>
    `${versionLabel(v.modelVersionId)}${v.shadow ? ' (shadow)' : ''}`;
  return {
    metric,
    xLabel: `${axis.unit} since ${new Date(performance.from).toLocaleString()}`,
    series: versions.map((v) => ({
      name: name(v),
      dashed: v.shadow,
      x: v.series.map((b) => (Date.parse(b.start) - from) / axis.ms),
      y: v.series.map((b) => b.metrics[metric] ?? Number.NaN),
    })),
    totals: versions.map((v) => ({
      version: name(v),
      labeled: v.labeled,
      value: v.metrics[metric] ?? null,
    })),
  };
}
