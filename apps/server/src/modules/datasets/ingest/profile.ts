import { detectAlerts, type Alert } from './alerts.js';
import { profileColumns, type ColumnProfile } from './column-profile.js';
import { computeCorrelations, type Correlations } from './correlations.js';
import { scanTableStats, type TableStats } from './column-stats.js';
import { quoteLiteral, type DuckDBSession } from './duckdb-session.js';
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
  /** Table stats already scanned (by inferSchema's caller); columns read differently are rescanned. */
  stats?: TableStats;
}

/** Profiles the canonical Parquet of a version under its (possibly overridden) schema. */
export async function profileDataset(
  session: DuckDBSession,
  parquetPath: string,
  schema: DatasetSchema,
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const table = `read_parquet(${quoteLiteral(parquetPath)})`;
  const stats = options.stats ?? (await scanTableStats(session, table, schema.columns));
  const { rows, duplicateRows } = stats;
  const columns = await profileColumns(session, table, stats, schema.columns);
  const correlations = await computeCorrelations(session, table, rows, schema.columns, {
    maxColumns: options.maxCorrelationColumns ?? 20,
    sampleRows: options.correlationSampleRows ?? 100_000,
  });
  const alerts = detectAlerts(rows, duplicateRows, columns, correlations);
  return {
    rows,
    columns,
    duplicateRows,
    correlations,
    alerts,
    quality: scoreQuality(rows, duplicateRows, columns, alerts, options.ruleResults),
  };
}
