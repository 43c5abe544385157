import {
  detectColumnDrift,
  type ColumnDrift,
  type DriftColumn,
  type DriftOptions,
} from './column-drift.js';

/** Share of drifted columns at which the whole dataset counts as drifted (Evidently: 0.5). */
export const DEFAULT_DRIFT_SHARE = 0.5;

/** Options for dataset drift: the column options plus the share of drifted columns that counts. */
export interface DatasetDriftOptions extends DriftOptions {
  /** Dataset drift when drifted / evaluated columns ≥ this (default 0.5). */
  driftShare?: number;
}

/** Per-column results and the dataset verdict; null (with a reason) when no column was evaluated. */
export interface DatasetDrift {
  columns: ColumnDrift[];
  evaluatedCount: number;
  driftedCount: number;
  /** drifted / evaluated columns, null when none was evaluated. */
  share: number | null;
  driftShare: number;
  drifted: boolean | null;
  reason: string | null;
}

/** Tests every column and calls the dataset drifted when enough of them drift. */
export function detectDatasetDrift(
  columns: readonly DriftColumn[],
  options: DatasetDriftOptions = {},
): DatasetDrift {
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  const results = columns.map((column) => detectColumnDrift(column, options));
  const evaluated = results.filter((result) => result.drifted !== null);
  const driftedCount = evaluated.filter((result) => result.drifted).length;
  if (evaluated.length === 0) {
    return {
      columns: results,
      evaluatedCount: 0,
      driftedCount: 0,
      share: null,
      driftShare,
      drifted: null,
      reason: results.find((result) => result.reason !== null)?.reason ?? 'no columns to compare',
    };
  }
  const share = driftedCount / evaluated.length;
  return {
    columns: results,
    evaluatedCount: evaluated.length,
    driftedCount,
    share,
    driftShare,
    drifted: share >= driftShare,
    reason: null,
  };
}
