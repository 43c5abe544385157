export { IngestError, type IngestFailure, type IngestLocation } from './ingest-error.js';
export {
  openDuckDB,
  quoteIdentifier,
  quoteLiteral,
  type DuckDBLimits,
  type DuckDBSession,
} from './duckdb-session.js';
export { detectFormat, type DetectedFormat, type TextEncoding } from './detect-format.js';
export {
  convertToCanonicalParquet,
  type CanonicalTable,
  type ConvertOptions,
  type SourceFormat,
} from './convert-to-parquet.js';
export { COLUMN_ROLES, COLUMN_TYPES, type ColumnRole, type ColumnType } from './column-types.js';
export {
  inferSchema,
  type DatasetSchema,
  type InferOptions,
  type SchemaColumn,
} from './infer-schema.js';
export {
  applySchemaOverrides,
  SchemaOverrideSchema,
  type SchemaOverride,
} from './schema-overrides.js';
export { profileDataset, type DatasetProfile, type ProfileOptions } from './profile.js';
export type { ColumnProfile, HistogramBin } from './column-profile.js';
export type { CorrelationMatrix, Correlations } from './correlations.js';
export type { Alert, AlertKind } from './alerts.js';
export type { QualityComponent, QualityScore } from './quality-score.js';
export {
  evaluateValidationRules,
  ValidationRuleSchema,
  type RuleResult,
  type ValidationRule,
} from './validation-rules.js';
export { ingestUpload, type IngestUploadInput, type IngestUploadResult } from './ingest-upload.js';
