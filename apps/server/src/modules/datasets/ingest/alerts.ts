import type { ColumnProfile } from './column-profile.js';
import type { CorrelationMatrix, Correlations } from './correlations.js';

export type AlertKind =
  | 'constant'
  | 'high_cardinality'
  | 'high_missing'
  | 'skewed'
  | 'imbalanced'
  | 'unique'
  | 'high_correlation'
  | 'target_leakage'
  | 'duplicate_rows';

export interface Alert {
  kind: AlertKind;
  /** The column, or both columns of a correlated pair; absent for table-wide alerts. */
  columns: string[];
  message: string;
}

/** Thresholds, chosen as ydata-profiling's defaults unless noted. */
export const ALERT_THRESHOLDS = {
  categoricalDistinct: 50,
  missingShare: 0.2, // ydata flags any missing value; a fifth is where imputation starts to matter
  skewness: 2, // |skew| > 2 is the usual "highly skewed"; ydata's 20 rarely fires
  imbalance: 0.5, // 1 − normalized entropy, as ydata
  correlation: 0.9,
  leakage: 0.95,
} as const;

export function detectAlerts(
  rows: number,
  duplicateRows: number,
  columns: ColumnProfile[],
  correlations: Correlations,
): Alert[] {
  const alerts: Alert[] = [];
  for (const column of columns) alerts.push(...columnAlerts(rows, column));
  const target = columns.find((column) => column.role === 'target')?.name;
  const matrices: [string, CorrelationMatrix][] = [
    ['Pearson', correlations.pearson],
    ['Spearman', correlations.spearman],
    ["Cramér's V", correlations.cramersV],
  ];
  const seen = new Set<string>();
  for (const [method, matrix] of matrices) {
    for (const [a, b, value] of strongPairs(matrix, ALERT_THRESHOLDS.correlation)) {
      const involvesTarget = a === target || b === target;
      const kind = involvesTarget ? 'target_leakage' : 'high_correlation';
      if (involvesTarget && Math.abs(value) < ALERT_THRESHOLDS.leakage) continue;
      const key = `${kind}:${a}:${b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const feature = a === target ? b : a;
      alerts.push({
        kind,
        columns: [a, b],
        message: involvesTarget
          ? `"${feature}" predicts the target "${target}" almost perfectly (${method} ${value.toFixed(3)}): check it is known before the outcome`
          : `"${a}" and "${b}" are highly correlated (${method} ${value.toFixed(3)})`,
      });
    }
  }
  if (duplicateRows > 0) {
    alerts.push({
      kind: 'duplicate_rows',
      columns: [],
      message: `${duplicateRows} duplicate rows (${percent(duplicateRows / rows)})`,
    });
  }
  return alerts;
}

function columnAlerts(rows: number, column: ColumnProfile): Alert[] {
  const alerts: Alert[] = [];
  const at = [column.name];
  if (column.count > 0 && column.distinct === 1) {
    alerts.push({ kind: 'constant', columns: at, message: `"${column.name}" has one value only` });
  }
  if (column.missingShare > ALERT_THRESHOLDS.missingShare) {
    alerts.push({
      kind: 'high_missing',
      columns: at,
      message: `"${column.name}" is missing in ${percent(column.missingShare)} of rows`,
    });
  }
  if (column.type === 'categorical' && column.distinct > ALERT_THRESHOLDS.categoricalDistinct) {
    alerts.push({
      kind: 'high_cardinality',
      columns: at,
      message: `"${column.name}" has ${column.distinct} distinct categories`,
    });
  }
  const skewness = column.numeric?.skewness;
  if (
    skewness !== undefined &&
    skewness !== null &&
    Math.abs(skewness) > ALERT_THRESHOLDS.skewness
  ) {
    alerts.push({
      kind: 'skewed',
      columns: at,
      message: `"${column.name}" is highly skewed (skewness ${skewness.toFixed(2)})`,
    });
  }
  if (
    column.balance !== undefined &&
    column.balance !== null &&
    1 - column.balance > ALERT_THRESHOLDS.imbalance
  ) {
    alerts.push({
      kind: 'imbalanced',
      columns: at,
      message: `"${column.name}" is imbalanced: "${column.topValues![0]!.value}" is ${percent(column.topValues![0]!.count / column.count)} of values`,
    });
  }
  if (rows > 1 && column.count === rows && column.distinct === rows && column.distinctExact) {
    alerts.push({
      kind: 'unique',
      columns: at,
      message: `every value of "${column.name}" is different`,
    });
  }
  return alerts;
}

function strongPairs(matrix: CorrelationMatrix, threshold: number): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (let i = 0; i < matrix.columns.length; i++) {
    for (let j = i + 1; j < matrix.columns.length; j++) {
      const value = matrix.values[i]![j];
      if (value !== null && value !== undefined && Math.abs(value) > threshold) {
        out.push([matrix.columns[i]!, matrix.columns[j]!, value]);
      }
    }
  }
  return out;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
