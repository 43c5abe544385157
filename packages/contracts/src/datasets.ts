import { z } from 'zod';
import { Id, PageQuery, Text, Timestamp } from './common.js';
import { VersionLineage } from './lineage.js';

export const DatasetName = Text().trim().min(1).max(100);

export const DatasetVersionStatus = z
  .enum(['processing', 'ready', 'review', 'rejected', 'failed'])
  .describe(
    '`processing` while ingest runs; `review` waits for an admin (licence or PII policy); `rejected` by review or policy; `failed` ingest (see `error`).',
  );
export type DatasetVersionStatus = z.infer<typeof DatasetVersionStatus>;

export const LicenseTier = z
  .enum(['allowed', 'review', 'prohibited'])
  .describe('What the declared licence allows: use, use after an admin review, or nothing.');
export type LicenseTier = z.infer<typeof LicenseTier>;

/** The uploader's statement, stored with the version: who accepted which words, when, for which file. */
export const Attestation = z.object({
  textVersion: z.number().int(),
  text: z.string().describe('The words accepted, in the version accepted.'),
  userId: Id,
  attestedAt: Timestamp,
  ip: z.string(),
  fileSha256: z.string(),
});
export type Attestation = z.infer<typeof Attestation>;

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

export const Job = z.object({
  id: Id,
  kind: z.string(),
  status: JobStatus,
  targetType: z.string().nullable(),
  targetId: Id.nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type Job = z.infer<typeof Job>;

export const ReviewStatus = z.enum(['pending', 'approved', 'rejected']);

/** The review of a version, as its uploader sees it. */
export const ReviewOutcome = z.object({
  id: Id,
  status: ReviewStatus,
  reason: z.string(),
  decisionReason: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
});

/** JSON produced by ingest (schema, profile) and governance; shaped by their libraries. */
const Report = z.record(z.string(), z.unknown());

/** The logical types a dataset column can have; storage types stay DuckDB's. */
export const COLUMN_TYPES = [
  'integer',
  'float',
  'boolean',
  'date',
  'datetime',
  'categorical',
  'text',
  'identifier',
] as const;
export const ColumnType = z.enum(COLUMN_TYPES);
export type ColumnType = z.infer<typeof ColumnType>;

export const COLUMN_ROLES = ['feature', 'target', 'identifier', 'time', 'ignore'] as const;
export const ColumnRole = z
  .enum(COLUMN_ROLES)
  .describe('How training uses the column; the `target` column is the default target.');
export type ColumnRole = z.infer<typeof ColumnRole>;

const ColumnName = Text().min(1).max(1000);

const ruleBase = {
  column: ColumnName,
  mostly: z
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe("Share of evaluated values that must pass (Great Expectations' `mostly`)."),
};

/** A Great-Expectations-like check on one column, with a `mostly` tolerance. */
export const ValidationRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('not_null'), ...ruleBase }),
  z.strictObject({ kind: z.literal('unique'), ...ruleBase }),
  z.strictObject({
    kind: z.literal('in_set'),
    ...ruleBase,
    values: z
      .array(z.union([Text().max(1000), z.number()]))
      .min(1)
      .max(1000),
  }),
  z
    .strictObject({
      kind: z.literal('between'),
      ...ruleBase,
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .refine((rule) => rule.min !== undefined || rule.max !== undefined, {
      error: 'give min, max or both',
      path: ['min'],
    })
    .refine((rule) => rule.min === undefined || rule.max === undefined || rule.min <= rule.max, {
      error: 'must not be greater than max',
      path: ['min'],
    }),
  z.strictObject({
    kind: z.literal('matches_regex'),
    ...ruleBase,
    pattern: Text()
      .min(1)
      .max(1000)
      .describe('RE2; matches anywhere in the value (anchor with ^…$).'),
  }),
  z.strictObject({ kind: z.literal('type'), ...ruleBase, type: ColumnType }),
]);
export type ValidationRule = z.output<typeof ValidationRule>;
export type ValidationRuleInput = z.input<typeof ValidationRule>;

/** A rule attached to a dataset. */
export const DatasetValidationRule = z.object({
  id: Id,
  datasetId: Id,
  rule: ValidationRule,
  createdBy: Id,
  createdAt: Timestamp,
});
export type DatasetValidationRule = z.infer<typeof DatasetValidationRule>;

/** One rule's outcome on one version. */
export const ValidationRuleResult = z.object({
  ruleId: Id.describe(
    'The rule evaluated; if it has since been deleted, `rule` keeps what it was.',
  ),
  rule: ValidationRule,
  success: z.boolean(),
  evaluated: z
    .number()
    .int()
    .describe('Values looked at: every row for not_null, the non-missing values otherwise.'),
  failed: z.number().int(),
  observedShare: z.number().describe('Share of evaluated values that pass; 1 when none were.'),
  failingExamples: z.array(z.object({ row: z.number().int(), value: z.string().nullable() })),
  error: z
    .string()
    .nullable()
    .describe('Why the rule could not be evaluated (e.g. the column is not in this version).'),
});
export type ValidationRuleResult = z.infer<typeof ValidationRuleResult>;

/** The dataset's rules evaluated on one version. */
export const VersionValidation = z.object({
  evaluatedAt: Timestamp,
  trigger: z.enum(['ingest', 'manual']),
  passed: z.number().int(),
  failed: z.number().int(),
  results: z.array(ValidationRuleResult),
});
export type VersionValidation = z.infer<typeof VersionValidation>;

/** A user's override of one column's inferred type and/or role. */
export const SchemaOverride = z.strictObject({
  column: ColumnName,
  type: ColumnType.optional(),
  role: ColumnRole.optional(),
});
export type SchemaOverride = z.infer<typeof SchemaOverride>;

export const UpdateSchemaBody = z.strictObject({
  overrides: z
    .array(SchemaOverride)
    .max(10_000)
    .describe(
      "Per column: replaces that column's override; one with neither type nor role reverts the column to what was inferred. Columns not listed keep their override.",
    ),
});
export type UpdateSchemaBody = z.infer<typeof UpdateSchemaBody>;

export const DatasetVersion = z.object({
  id: Id,
  datasetId: Id,
  projectId: Id,
  number: z.number().int(),
  status: DatasetVersionStatus,
  source: z.enum(['upload', 'sql', 'mask', 'batch_scoring']),
  parentVersionId: Id.nullable(),
  lineage: VersionLineage.nullable().describe('How a derived version was made (SQL, masking).'),
  fileName: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  license: z.string(),
  licenseTier: LicenseTier,
  attestation: Attestation.nullable(),
  format: z.string().nullable(),
  rowCount: z.number().int().nullable(),
  columnCount: z.number().int().nullable(),
  schema: z
    .array(z.record(z.string(), z.unknown()))
    .nullable()
    .describe('The effective schema: inferred types and roles with the overrides applied.'),
  schemaOverrides: z.array(SchemaOverride),
  governance: Report.nullable(),
  validation: VersionValidation.nullable(),
  error: z.string().nullable(),
  review: ReviewOutcome.nullable(),
  createdBy: Id,
  createdAt: Timestamp,
  readyAt: Timestamp.nullable(),
});
export type DatasetVersion = z.infer<typeof DatasetVersion>;

export const Dataset = z.object({
  id: Id,
  orgId: Id,
  projectId: Id,
  name: z.string(),
  description: z.string(),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  versionCount: z.number().int(),
  latestVersion: DatasetVersion.nullable(),
});
export type Dataset = z.infer<typeof Dataset>;

export const UploadAccepted = z.object({
  dataset: Dataset,
  version: DatasetVersion,
  job: Job,
  duplicateOf: z
    .object({ datasetId: Id, versionId: Id })
    .nullable()
    .describe(
      'A version you can see that holds the same bytes (same SHA-256): the file was not stored twice.',
    ),
});
export type UploadAccepted = z.infer<typeof UploadAccepted>;

export const DatasetParams = z.strictObject({ datasetId: Id });
export const DatasetVersionNumberParams = z.strictObject({
  datasetId: Id,
  version: z.coerce.number().int().min(1).describe('The version number: 1, 2, 3…'),
});
export const ValidationRuleParams = z.strictObject({ datasetId: Id, ruleId: Id });
export const DatasetVersionParams = z.strictObject({ versionId: Id });
export const JobParams = z.strictObject({ jobId: Id });
export const ReviewParams = z.strictObject({ reviewId: Id });

export const ListDatasetsQuery = PageQuery;
export type ListDatasetsQuery = z.infer<typeof ListDatasetsQuery>;

export const PreviewQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PreviewQuery = z.infer<typeof PreviewQuery>;

export const DatasetPreview = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  offset: z.number().int(),
  totalRows: z.number().int(),
});
export type DatasetPreview = z.infer<typeof DatasetPreview>;

export const DatasetProfile = Report;

export const Review = z.object({
  id: Id,
  orgId: Id,
  projectId: Id,
  datasetId: Id,
  datasetName: z.string(),
  datasetVersionId: Id,
  versionNumber: z.number().int(),
  license: z.string(),
  reason: z.string(),
  status: ReviewStatus,
  uploadedBy: Id,
  decidedBy: Id.nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Review = z.infer<typeof Review>;

export const ListReviewsQuery = PageQuery.extend({
  status: ReviewStatus.default('pending'),
});
export type ListReviewsQuery = z.infer<typeof ListReviewsQuery>;

export const DecideReviewBody = z.strictObject({
  reason: Text()
    .trim()
    .min(1)
    .max(2000)
    .describe('Why: shown to the uploader and kept in the audit log.'),
});
export type DecideReviewBody = z.infer<typeof DecideReviewBody>;

export const AttestationStatement = z.object({
  version: z.number().int().describe('Send this number as the `attestation` field of an upload.'),
  text: z.string(),
});
export type AttestationStatement = z.infer<typeof AttestationStatement>;

export const LicenseOption = z.object({
  id: z.string(),
  name: z.string(),
  tier: LicenseTier,
  reason: z.string(),
});
export type LicenseOption = z.infer<typeof LicenseOption>;

export const SqlQueryBody = z.strictObject({
  query: Text()
    .trim()
    .min(1)
    .max(100_000)
    .describe(
      "One read-only SELECT. The project's datasets are tables named after them (latest ready version); `dataset@3` names version 3.",
    ),
  limit: z.number().int().min(1).max(10_000).default(1000).describe('Rows per page.'),
  offset: z.number().int().min(0).default(0),
});
export type SqlQueryBody = z.infer<typeof SqlQueryBody>;

export const SqlResult = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  offset: z.number().int(),
  /** Where the next page starts, or null on the last page. */
  nextOffset: z.number().int().nullable(),
  /** The dataset versions the query read, for lineage when the result is saved. */
  sources: z.array(z.object({ table: z.string(), datasetId: Id, versionId: Id })),
  elapsedMs: z.number(),
});
export type SqlResult = z.infer<typeof SqlResult>;

export const DeniedHash = z.object({
  id: Id,
  sha256: z.string(),
  reason: z.string(),
  createdBy: Id,
  createdAt: Timestamp,
});
export type DeniedHash = z.infer<typeof DeniedHash>;

export const AddDeniedHashBody = z.strictObject({
  sha256: z.string().describe('64 hex digits; a `sha256:` prefix and upper case are accepted.'),
  reason: Text().trim().min(1).max(500).describe('Why: shown to an uploader whose file matches.'),
});
export type AddDeniedHashBody = z.infer<typeof AddDeniedHashBody>;

export const DeniedHashParams = z.strictObject({ deniedHashId: Id });

export const DiffQuery = z.strictObject({
  from: z.coerce.number().int().min(1).describe('The older version number.'),
  to: z.coerce.number().int().min(1).describe('The newer version number.'),
});
export type DiffQuery = z.infer<typeof DiffQuery>;

const DiffSide = z.object({
  versionId: Id,
  number: z.number().int(),
  rowCount: z.number().int(),
  columnCount: z.number().int(),
});

const DiffColumn = z.object({ name: z.string(), type: ColumnType, storageType: z.string() });

/** A number in both versions and how it moved; null where a version has no such statistic. */
const Delta = z.object({
  from: z.number().nullable(),
  to: z.number().nullable(),
  delta: z.number().nullable(),
});

/** What changed between two versions of a dataset. */
export const DatasetDiff = z.object({
  datasetId: Id,
  from: DiffSide,
  to: DiffSide,
  schema: z.object({
    added: z.array(DiffColumn),
    removed: z.array(DiffColumn),
    changed: z.array(
      z.object({
        name: z.string(),
        from: z.object({ type: ColumnType, storageType: z.string(), role: ColumnRole }),
        to: z.object({ type: ColumnType, storageType: z.string(), role: ColumnRole }),
      }),
    ),
  }),
  columns: z
    .array(
      z.object({ name: z.string(), missingShare: Delta, mean: Delta.nullable(), distinct: Delta }),
    )
    .describe('Profile deltas of the columns in both versions.'),
  rows: z.object({
    compared: z.boolean(),
    reason: z.string().nullable().describe('Why rows were not compared, when they were not.'),
    comparedColumns: z.array(z.string()),
    added: z.number().int().nullable(),
    removed: z.number().int().nullable(),
    unchanged: z.number().int().nullable(),
  }),
});
export type DatasetDiff = z.infer<typeof DatasetDiff>;
