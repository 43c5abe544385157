import { detectAlerts, type Alert } from './alerts.js';
import { profileColumns, type ColumnProfile } from './column-profile.js';
import { computeCorrelations, type Correlations } from './correlations.js';
import { quoteIdentifier, quoteLiteral, type DuckDBSession } from './duckdb-session.js';
import type { DatasetSchema } from './infer-schema.js';
import { scoreQuality, type QualityScore } from './quality-score.js';
import type { RuleResult } from './validation-rules.js';

/** The plain-JSON profile the API stores with a dataset version. */
export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
  /** Rows equal to an earlier row (compared by a 64-bit hash of the whole row). */
  duplicateRows: number;
  correlations: Correlations;
  alerts: Alert[];
  quality: QualityScore;
}

export interface ProfileOptions {
  /** Columns per correlation matrix (numeric, categorical); each matrix costs n² / 2 pairs. */
  maxCorrelationColumns?: number;
  /** Rows sampled for Spearman and Cramér's V. */
  correlationSampleRows?: number;
  /** Results of the dataset's validation rules, when it has any: they make the validity score. */
  ruleResults?: RuleResult[];
}

/** Profiles the canonical Parquet of a version under its (possibly overridden) schema. */
export async function profileDataset(
  session: DuckDBSession,
  parquetPath: string,
  schema: DatasetSchema,
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const table = `read_parquet(${quoteLiteral(parquetPath)})`;
  const [{ rows, distinctRows }] = (await session.rows<{ rows: number; distinctRows: number }>(
    `SELECT count(*) AS rows, count(DISTINCT hash(${schema.columns.map((column) => quoteIdentifier(column.name)).join(', ')})) AS distinctRows FROM ${table}`,
  )) as [{ rows: number; distinctRows: number }];
  const duplicateRows = Number(rows) - Number(distinctRows);
  const columns = await profileColumns(session, table, Number(rows), schema.columns);
  const correlations = await computeCorrelations(session, table, Number(rows), schema.columns, {
    maxColumns: options.maxCorrelationColumns ?? 20,
    sampleRows: options.correlationSampleRows ?? 100_000,
  });
  const alerts = detectAlerts(Number(rows), duplicateRows, columns, correlations);
  return {
    rows: Number(rows),
    columns,
    duplicateRows,
    correlations,
    alerts,
    quality: scoreQuality(Number(rows), duplicateRows, columns, alerts, options.ruleResults),
  };
}
