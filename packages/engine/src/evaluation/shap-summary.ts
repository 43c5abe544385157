import { explainForest } from '../explain/forest-shap.js';
import { explainGbdt } from '../explain/gbdt-shap.js';
import type { ModelShapValues } from '../explain/explain-trees.js';
import type { TrainedModel } from '../model.js';
import { transformTable } from '../preprocess/pipeline.js';
import { alignToInputs } from '../records.js';
import type { Column, Table } from '../table.js';
import { featureSources, sumByColumn } from './feature-sources.js';

/** TreeSHAP over a sample of held-out rows, per input column. */
export interface ShapSummary {
  /** GBDT: raw score (log-odds for binary); forest and tree: probability or target units. */
  readonly units: 'raw score' | 'log-odds' | 'probability' | 'target';
  /** Rows explained (a seeded sample of the held-out rows). */
  readonly rows: number;
  /** Expected model output per explained output (one per class for multiclass). */
  readonly expectedValue: number[];
  /**
   * Mean |SHAP| per column, largest first; for multiclass, summed over classes (the height of
   * a stacked bar per class).
   */
  readonly meanAbs: { column: string; value: number }[];
  /**
   * Beeswarm points of the top columns: per row its SHAP value (multiclass: toward the row's
   * predicted class) and the column's value (numbers; categories and text as strings).
   */
  readonly beeswarm: { column: string; shap: number[]; value: (number | string | null)[] }[];
}

// Enough points to show a column's spread of effects without bloating the stored report.
const BEESWARM_COLUMNS = 10;
const BEESWARM_ROWS = 100;

/**
 * Exact TreeSHAP of a GBDT, forest or tree on `sample` (held-out rows), mapped back to the input
 * columns; null for other algorithms. `predicted` is each sample row's predicted class code.
 */
export function shapSummary(
  model: TrainedModel,
  sample: Table,
  predicted: Int32Array | null,
): ShapSummary | null {
  if (model.algorithm !== 'gbdt' && model.algorithm !== 'forest' && model.algorithm !== 'tree') {
    return null;
  }
  const inputs = alignToInputs(model.inputs, sample);
  const features = model.pipeline ? transformTable(model.pipeline, inputs) : inputs;
  const shap =
    model.algorithm === 'gbdt'
      ? explainGbdt(model.estimator, features)
      : explainForest(model.estimator, features);
  // A binary forest explains both class probabilities; class 1's is the one to show.
  const outputs =
    model.task === 'binary' && shap.numOutputs === 2
      ? [1]
      : Array.from({ length: shap.numOutputs }, (_, k) => k);
  const columns = model.inputs.map((f) => f.name);
  const sources = featureSources(shap.featureNames, columns);
  const perColumn = (row: number, output: number): number[] =>
    sumByColumn(sources, rowValues(shap, row, output), columns).values;
  const names = sumByColumn(sources, new Float64Array(shap.numFeatures), columns).columns;
  const meanAbs = new Float64Array(names.length);
  const pointRows = Math.min(shap.numRows, BEESWARM_ROWS);
  const points = names.map(() => new Array<number>(pointRows));
  for (let r = 0; r < shap.numRows; r++) {
    for (const k of outputs) {
      perColumn(r, k).forEach((v, c) => (meanAbs[c]! += Math.abs(v) / shap.numRows));
    }
    if (r < pointRows) {
      const k = outputs.length === 1 ? outputs[0]! : predicted![r]!;
      perColumn(r, k).forEach((v, c) => (points[c]![r] = v));
    }
  }
  const ranked = names
    .map((column, c) => ({ column, value: meanAbs[c]!, c }))
    .sort((a, b) => b.value - a.value);
  return {
    units: shapUnits(model),
    rows: shap.numRows,
    expectedValue: outputs.map((k) => shap.expectedValue[k]!),
    meanAbs: ranked.map(({ column, value }) => ({ column, value })),
    beeswarm: ranked.slice(0, BEESWARM_COLUMNS).map(({ column, c }) => ({
      column,
      shap: points[c]!,
      value: sample.has(column) ? valuesOf(sample.column(column), pointRows) : [],
    })),
  };
}

function rowValues(shap: ModelShapValues, row: number, output: number): Float64Array {
  const start = (row * shap.numOutputs + output) * shap.numFeatures;
  return shap.values.subarray(start, start + shap.numFeatures);
}

function shapUnits(model: TrainedModel): ShapSummary['units'] {
  if (model.algorithm !== 'gbdt') return model.task === 'regression' ? 'target' : 'probability';
  if (model.task === 'binary') return 'log-odds';
  return model.task === 'regression' ? 'target' : 'raw score';
}

function valuesOf(column: Column, rows: number): (number | string | null)[] {
  return Array.from({ length: rows }, (_, i) => {
    if (column.kind === 'numeric') {
      const v = column.values[i]!;
      return Number.isFinite(v) ? v : null;
    }
    if (column.kind === 'text') return column.values[i] ?? null;
    const code = column.codes[i]!;
    return code < 0 ? null : column.categories[code]!;
  });
}
