import {
  evaluateModel,
  holdoutSplit,
  splitForEvaluation,
  type EvaluationReport,
  type Table,
  type TrainedModel,
  type TrainSpec,
} from '@aistudio/engine';

export interface RunEvaluationResult {
  /** Headline metrics of the held-out rows: what run lists show and filters compare. */
  readonly metrics: Record<string, number>;
  /** The full report the run page draws (curves, confusion matrix, residuals…). */
  readonly evaluation: EvaluationReport;
}

/**
 * Held-out rows past this are sampled for the evaluation: a metric over 100,000 random rows is
 * within ±0.3 points (95 %) of the full set's, and evaluating a 1M-row run's 250,000 rows (SHAP,
 * curves, predictions) took as long as reading the whole table.
 */
export const MAX_EVALUATION_ROWS = 100_000;

/** The held-out rows the evaluation uses: all of them, or a seeded random sample past the cap. */
export function evaluationRows(test: Table, seed: number): Table {
  if (test.numRows <= MAX_EVALUATION_ROWS) return test;
  return test.take(holdoutSplit(test.numRows, { testSize: MAX_EVALUATION_ROWS, seed }).test);
}

/** The run's train and held-out rows: the engine's split, so the CLI and playground agree. */
export function splitForRun(table: Table, spec: TrainSpec, testFraction: number) {
  return splitForEvaluation(table, spec.target, { testFraction, seed: spec.seed ?? 0 });
}

/**
 * Evaluates the model on the held-out rows (sampled past `MAX_EVALUATION_ROWS`), with fairness
 * across `groupBy` when given.
 */
export async function evaluateRun(
  model: TrainedModel,
  test: Table,
  groupBy: string | null,
  seed: number,
): Promise<RunEvaluationResult> {
  const evaluation = await evaluateModel(model, evaluationRows(test, seed), {
    seed,
    ...(groupBy === null ? {} : { groupBy }),
  });
  return { metrics: headlineMetrics(evaluation), evaluation };
}

/** The metrics a run list shows, named as MLflow users filter them (snake case). */
export function headlineMetrics(report: EvaluationReport): Record<string, number> {
  const c = report.classification;
  const r = report.regression;
  const values: Record<string, number | null | undefined> = c
    ? {
        accuracy: c.accuracy,
        balanced_accuracy: c.balancedAccuracy,
        f1_macro: c.scores.macro.f1,
        precision_macro: c.scores.macro.precision,
        recall_macro: c.scores.macro.recall,
        log_loss: c.logLoss,
        roc_auc: c.rocAuc,
        average_precision: c.averagePrecision,
      }
    : {
        rmse: r?.rmse,
        mae: r?.mae,
        mse: r?.mse,
        r2: r?.r2,
        mape: r?.mape,
        explained_variance: r?.explainedVariance,
      };
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, number] => Number.isFinite(entry[1])),
  );
}
