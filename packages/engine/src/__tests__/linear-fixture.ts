import { readFileSync } from 'node:fs';
import type { LinearModel } from '../linear/model.js';
import type { LinearParams } from '../linear/params.js';
import { matrix, type Matrix } from '../matrix.js';

/** One scikit-learn fit stored in a linear golden fixture (see the fixture's "command"). */
export interface LinearGoldenCase {
  name: string;
  params: LinearParams;
  weighted: boolean;
  sklearn: { estimator: string; params: Record<string, unknown> };
  coef: number[][];
  intercept: number[];
  /** scikit-learn's own objective at its solution (LogisticRegression / Ridge / Lasso scale). */
  objective: number;
  /** predict_proba of the first rows (classification). */
  proba?: number[][];
  /** predict of the first rows (regression). */
  predictions?: number[];
}

/** A dataset shipped with scikit-learn, standardised, plus the fits on it. */
export interface LinearGolden {
  command: string;
  versions: { sklearn: string };
  dataset: string;
  columns: string[];
  x: number[][];
  y: number[];
  cases: LinearGoldenCase[];
}

/** Loads `fixtures/linear-<name>.json`. */
export function loadLinearGolden(name: 'breast-cancer' | 'wine' | 'diabetes'): LinearGolden {
  const url = new URL(`./fixtures/linear-${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as LinearGolden;
}

/** The fixture's features as a Matrix. */
export function goldenMatrix(golden: LinearGolden, rows = golden.x.length): Matrix {
  const p = golden.columns.length;
  const data = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) data.set(golden.x[i]!, i * p);
  return matrix(rows, p, data, golden.columns);
}

/** The fixture's sample weights: 1, 2, 0.5 repeating by row. */
export function goldenWeights(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => [1, 2, 0.5][i % 3]!);
}

/**
 * The objective of `model` on the data in scikit-learn's own scale (LogisticRegression: penalty +
 * C·Σ wᵢ lossᵢ; Ridge / LinearRegression: Σ wᵢ rᵢ² + alpha‖w‖²; Lasso / ElasticNet: with 1/(2n)).
 */
export function sklearnObjective(
  model: LinearModel,
  X: Matrix,
  y: Float64Array,
  w: Float64Array,
): number {
  const { params } = model;
  const k = model.coef.length;
  let data = 0;
  for (let i = 0; i < X.numRows; i++) {
    const z = model.coef.map((row, c) => {
      let s = model.intercept[c]!;
      for (let j = 0; j < X.numCols; j++) s += row[j]! * X.data[i * X.numCols + j]!;
      return s;
    });
    let loss: number;
    if (model.task === 'regression') loss = (y[i]! - z[0]!) ** 2;
    else if (k === 1)
      loss = Math.max(z[0]!, 0) + Math.log1p(Math.exp(-Math.abs(z[0]!))) - y[i]! * z[0]!;
    else {
      const max = Math.max(...z);
      loss = max + Math.log(z.reduce((a, v) => a + Math.exp(v - max), 0)) - z[y[i]!]!;
    }
    data += w[i]! * loss;
  }
  let l1 = 0;
  let l2 = 0;
  for (const row of model.coef) {
    for (const v of row) {
      l1 += Math.abs(v);
      l2 += 0.5 * v * v;
    }
  }
  const share = params.penalty === 'l1' ? 1 : params.penalty === 'elasticnet' ? params.l1Ratio : 0;
  const penalty = params.penalty === 'none' ? 0 : share * l1 + (1 - share) * l2;
  if (model.task !== 'regression') return penalty + params.C * data;
  if (params.penalty === 'none' || params.penalty === 'l2') {
    return data + (params.penalty === 'none' ? 0 : params.alpha * 2 * l2);
  }
  const weightSum = w.reduce((a, v) => a + v, 0);
  return data / (2 * weightSum) + params.alpha * penalty;
}
