import { EngineInputError } from '../errors.js';
import {
  evaluateClassification,
  type ClassificationReport,
} from '../metrics/evaluate-classification.js';
import { evaluateRegression, type RegressionReport } from '../metrics/evaluate-regression.js';
import { predict, type Algorithm, type Predictions, type TrainedModel } from '../model.js';
import { sampleSorted } from '../random.js';
import type { Column, Table } from '../table.js';
import type { Task } from '../task.js';
import {
  fairnessReport,
  groupColumn,
  type FairnessInputs,
  type FairnessReport,
} from './fairness.js';
import { featureImportance, type FeatureImportanceReport } from './feature-importance.js';
import { shapSummary, type ShapSummary } from './shap-summary.js';

/** Options of `evaluateModel`. */
export interface EvaluateModelOptions {
  /** A column of the table to compare the model's metrics across (fairness); default none. */
  readonly groupBy?: string;
  /** Held-out rows TreeSHAP explains (a seeded sample), 1..10,000; default 200. */
  readonly maxShapRows?: number;
  /** Seed of every sample (residual points, SHAP rows, permutations), default 0. */
  readonly seed?: number;
}

/**
 * How a model does on held-out rows, as compact plain JSON: stored with each run and drawn by
 * the web app. Curves and point clouds are thinned to a few hundred points.
 */
export interface EvaluationReport {
  readonly format: 'aistudio.evaluation';
  readonly version: 1;
  readonly task: Task;
  readonly algorithm: Algorithm;
  readonly target: string;
  /** Rows evaluated. */
  readonly rows: number;
  /** Rows left out: no (finite) target value, or a class the model never saw in training. */
  readonly skippedRows: { readonly missingTarget: number; readonly unseenClass: number };
  readonly seed: number;
  /** Classification metrics, confusion matrix, ROC / PR (one-vs-rest) and calibration curves. */
  readonly classification: ClassificationReport | null;
  /** Regression metrics, a residual scatter sample and a residual histogram. */
  readonly regression: RegressionReport | null;
  readonly featureImportance: FeatureImportanceReport;
  /** TreeSHAP summary for GBDT, forest and tree models; null for the others. */
  readonly shap: ShapSummary | null;
  /** Metrics per group of `groupBy`; null when no column was given. */
  readonly fairness: FairnessReport | null;
}

const DEFAULT_SHAP_ROWS = 200;

/**
 * Evaluates `model` on `table` (held-out rows holding the model's inputs and its target) for the
 * model's task: metrics and curves, feature importance, TreeSHAP for tree models and, with
 * `groupBy`, fairness across that column's groups. Deterministic for a seed.
 */
export async function evaluateModel(
  model: TrainedModel,
  table: Table,
  options: EvaluateModelOptions = {},
): Promise<EvaluationReport> {
  const seed = boundedInteger('seed', options.seed ?? 0, 0, 2 ** 32 - 1);
  const maxShapRows = boundedInteger(
    'maxShapRows',
    options.maxShapRows ?? DEFAULT_SHAP_ROWS,
    1,
    10_000,
  );
  const group = options.groupBy === undefined ? null : groupColumn(table, options.groupBy);
  const truth = readTruth(model, table);
  if (truth.rows.length < 2) {
    throw new EngineInputError(
      'table',
      `has ${truth.rows.length} row(s) with a known target; evaluation needs at least 2`,
    );
  }
  const rows = table.take(truth.rows);
  const predictions = predict(model, rows);
  const classes = model.target.classes;
  const predictedCodes = classes
    ? Float64Array.from(predictions.labels!, (label) => classes.indexOf(label))
    : null;
  const classification = classes
    ? evaluateClassification(Int32Array.from(truth.values), predictions.probabilities!, {
        labels: classes.map(String),
      })
    : null;
  const regression = classes
    ? null
    : evaluateRegression(truth.values, predictions.values!, { seed });
  const shapRows = sampleSorted(
    Uint32Array.from({ length: rows.numRows }, (_, i) => i),
    maxShapRows,
    seed,
  );
  const shap = shapSummary(
    model,
    rows.take(shapRows),
    predictedCodes && Int32Array.from(shapRows, (r) => predictedCodes[r]!),
  );
  const fairness = group
    ? fairnessReport(
        rows.column(group.name),
        fairnessInputs(model, truth.values, predictedCodes, predictions),
      )
    : null;
  return {
    format: 'aistudio.evaluation',
    version: 1,
    task: model.task,
    algorithm: model.algorithm,
    target: model.target.name,
    rows: rows.numRows,
    skippedRows: truth.skipped,
    seed,
    classification,
    regression,
    featureImportance: await featureImportance(model, rows, truth.values, seed),
    shap,
    fairness,
  };
}

/** Truth and predictions in the form the fairness report compares them. */
function fairnessInputs(
  model: TrainedModel,
  truth: Float64Array,
  predictedCodes: Float64Array | null,
  predictions: Predictions,
): FairnessInputs {
  const k = model.target.classes?.length ?? 0;
  const p = predictions.probabilities;
  return {
    task: model.task,
    truth,
    predicted: predictedCodes ?? predictions.values!,
    positiveScore:
      model.task === 'binary'
        ? Float64Array.from({ length: truth.length }, (_, i) => p![i * k + 1]!)
        : null,
    numClasses: k,
  };
}

/** The target of each row as the model codes it; rows without one (or an unseen class) skipped. */
function readTruth(
  model: TrainedModel,
  table: Table,
): { rows: Uint32Array; values: Float64Array; skipped: EvaluationReport['skippedRows'] } {
  const name = model.target.name;
  if (!table.has(name)) {
    throw new EngineInputError('target', `${name} is not a column of the evaluation table`);
  }
  const column = table.column(name);
  const classes = model.target.classes;
  if (!classes && column.kind !== 'numeric') {
    throw new EngineInputError(name, `is ${column.kind}; a regression model needs numbers`);
  }
  // Labels compared as strings: a CSV read may type the class `1` as text or as a number.
  const code = new Map(classes?.map((label, i) => [String(label), i]));
  const rows: number[] = [];
  const values: number[] = [];
  let missingTarget = 0;
  let unseenClass = 0;
  for (let i = 0; i < table.numRows; i++) {
    const value = cellAt(column, i);
    if (value === null) {
      missingTarget++;
      continue;
    }
    const v = classes ? code.get(String(value)) : (value as number);
    if (v === undefined) {
      unseenClass++;
      continue;
    }
    rows.push(i);
    values.push(v);
  }
  return {
    rows: Uint32Array.from(rows),
    values: Float64Array.from(values),
    skipped: { missingTarget, unseenClass },
  };
}

function cellAt(column: Column, i: number): string | number | null {
  switch (column.kind) {
    case 'numeric': {
      const v = column.values[i]!;
      return Number.isFinite(v) ? v : null;
    }
    case 'categorical': {
      const c = column.codes[i]!;
      return c < 0 ? null : column.categories[c]!;
    }
    case 'text':
      return column.values[i] ?? null;
  }
}

function boundedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineInputError(name, `must be an integer in ${min}..${max}, got ${String(value)}`);
  }
  return value;
}
