import type { Run } from '@aistudio/contracts';

/** The metric a table shows for a run's task: accuracy for classification, RMSE for regression. */
export function headlineMetric(run: Run): { name: string; value: number } | null {
  const name = run.task === 'regression' ? 'rmse' : 'accuracy';
  const value = run.metrics[name];
  return value === undefined ? null : { name, value };
}

/** Every row label of a side-by-side table: the union of keys, in first-seen order. */
export function unionOfKeys(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))];
}

/** The settings of a run that a comparison lines up, next to its hyperparameters. */
export function comparedSettings(run: Run): Record<string, string> {
  return {
    algorithm: run.algorithm,
    task: run.task ?? '—',
    target: run.target,
    'dataset version': run.datasetVersionId,
    'held-out share': String(run.testFraction),
    seed: String(run.seed),
    ...Object.fromEntries(Object.entries(run.params).map(([k, v]) => [`params.${k}`, String(v)])),
  };
}

/** True when the runs do not all hold the same value (a missing value counts as different). */
export function differs(values: readonly (string | number | undefined)[]): boolean {
  return new Set(values.map((v) => (v === undefined ? '\u0000' : String(v)))).size > 1;
}

/**
 * Index of the best value: highest for scores, lowest for losses and errors; null when no run has
 * the metric or the best is shared (marking one of equals would mislead).
 */
export function bestIndex(metric: string, values: readonly (number | undefined)[]): number | null {
  const lowerIsBetter = /loss|error|rmse|mae|mse|mape/.test(metric);
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (finite.length === 0) return null;
  const best = lowerIsBetter ? Math.min(...finite) : Math.max(...finite);
  return finite.filter((v) => v === best).length === 1 ? values.indexOf(best) : null;
}
