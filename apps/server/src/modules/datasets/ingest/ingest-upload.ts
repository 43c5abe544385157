import {
  convertToCanonicalParquet,
  type CanonicalTable,
  type ConvertOptions,
} from './convert-to-parquet.js';
import { provisionalColumn, scanTableStats } from './column-stats.js';
import { openDuckDB, quoteLiteral, type DuckDBLimits } from './duckdb-session.js';
import { inferSchema, type DatasetSchema } from './infer-schema.js';
import { profileDataset, type DatasetProfile, type ProfileOptions } from './profile.js';
import { applyFittingOverrides, type SchemaOverride } from './schema-overrides.js';
import {
  evaluateValidationRules,
  type RuleResult,
  type ValidationRule,
} from './validation-rules.js';

export interface IngestUploadInput {
  /** The raw upload as a local file (the storage port hands one over). */
  sourcePath: string;
  /** Where the canonical Parquet goes; it appears only once complete. */
  outputPath: string;
  limits: DuckDBLimits;
  target?: string;
  /** Overrides carried from the version before: applied where the new data still fits them. */
  overrides?: SchemaOverride[];
  rules?: ValidationRule[];
  convert?: ConvertOptions;
  profile?: Omit<ProfileOptions, 'ruleResults' | 'stats'>;
}

export interface IngestUploadResult {
  table: CanonicalTable;
  /** The schema as inferred from the data alone. */
  inferredSchema: DatasetSchema;
  /** The effective schema: inferred, with the overrides that fit applied. */
  schema: DatasetSchema;
  /** The overrides that fit, and so were applied. */
  overrides: SchemaOverride[];
  profile: DatasetProfile;
  ruleResults: RuleResult[];
}

/**
 * The whole ingest of one dataset version: read → canonical Parquet → schema (+ overrides) →
 * validation rules → profile, in one DuckDB instance bounded by `limits`.
 */
export async function ingestUpload(input: IngestUploadInput): Promise<IngestUploadResult> {
  const session = await openDuckDB(input.limits);
  try {
    const table = await convertToCanonicalParquet(
      session,
      input.sourcePath,
      input.outputPath,
      input.convert,
    );
    // One scan serves inference and the profile; only overridden columns are read again.
    const stats = await scanTableStats(
      session,
      `read_parquet(${quoteLiteral(input.outputPath)})`,
      table.columns.map((column) => provisionalColumn(column.name, column.duckdbType)),
    );
    const inferred = await inferSchema(session, input.outputPath, { target: input.target, stats });
    const { schema, applied } = await applyFittingOverrides(
      session,
      input.outputPath,
      inferred,
      input.overrides ?? [],
    );
    const ruleResults = await evaluateValidationRules(session, input.outputPath, input.rules ?? []);
    const profile = await profileDataset(session, input.outputPath, schema, {
      ...input.profile,
      ruleResults,
      stats,
    });
    return { table, inferredSchema: inferred, schema, overrides: applied, profile, ruleResults };
  } finally {
    session.close();
  }
}
