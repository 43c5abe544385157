import { readFileSync } from 'node:fs';
import { Table } from '../table.js';

/** A dataset shipped with scikit-learn plus scikit-learn's forest and tree results on it. */
export interface ForestGolden {
  command: string;
  versions: { sklearn: string };
  dataset: string;
  task: 'classification' | 'regression';
  metric: 'accuracy' | 'r2';
  columns: string[];
  x: number[][];
  y: number[];
  /** 5-fold assignment of every row (stratified for classification). */
  fold: number[];
  forest: {
    seeds: number[];
    cvScoresPerSeed: number[][];
    cvMean: number;
    shallow: {
      params: { maxDepth: number; minSamplesLeaf: number };
      cvScoresPerSeed: number[][];
      cvMean: number;
    };
    oobScorePerSeed: number[];
    oobMean: number;
  };
  /** A deterministic scikit-learn decision tree on features with <= 255 distinct values. */
  tree: {
    columns: string[];
    params: { maxDepth: number };
    leaves: number;
    /** predict_proba rows (classification) or [prediction] rows (regression), training rows. */
    predictions: number[][];
    featureImportance: number[];
    /** Weighted impurity decrease of every split, ascending. */
    splitGains: number[];
  } | null;
}

/** Loads `fixtures/forest-<name>.json`. */
export function loadForestGolden(name: 'breast-cancer' | 'wine' | 'diabetes'): ForestGolden {
  const url = new URL(`./fixtures/forest-${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as ForestGolden;
}

/** The given rows (default all) of the fixture's named columns as a numeric Table. */
export function goldenTable(
  golden: ForestGolden,
  rows: readonly number[] = golden.y.map((_, i) => i),
  columns: readonly string[] = golden.columns,
): Table {
  return Table.fromColumns(
    Object.fromEntries(
      columns.map((name) => {
        const j = golden.columns.indexOf(name);
        return [name, Float64Array.from(rows, (i) => golden.x[i]![j]!)];
      }),
    ),
  );
}

/** The fixture's target at the given rows. */
export function goldenTarget(golden: ForestGolden, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (i) => golden.y[i]!);
}
