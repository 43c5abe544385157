import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Job } from './datasets.js';

/** How far back a drift check reads logged predictions. */
export const DriftWindow = z.enum(['1h', '24h', '7d', '30d']);
export type DriftWindow = z.infer<typeof DriftWindow>;

export const DriftMethodName = z
  .enum(['auto', 'ks', 'chi-squared', 'z-test', 'wasserstein', 'jensen-shannon', 'psi'])
  .describe(
    'auto (default) picks per column like Evidently: reference ≤ 1000 rows → KS (numeric), chi-squared (categorical), Z-test (binary), drift when p < 0.05; larger → Wasserstein/std (numeric), Jensen–Shannon (categorical or ≤ 5 values), drift when ≥ 0.1. psi: population stability index over reference deciles, drift when ≥ 0.1.',
  );
export type DriftMethodName = z.infer<typeof DriftMethodName>;

export const DriftCheckOptions = z.strictObject({
  window: DriftWindow.default('24h').describe('Logged predictions of this last period.'),
  referenceDatasetVersionId: Id.optional().describe(
    "A dataset version of the deployment's project to compare with, instead of the serving version's training data.",
  ),
  method: DriftMethodName.default('auto'),
  threshold: z
    .number()
    .gt(0)
    .max(10)
    .optional()
    .describe("Overrides the method's threshold: a p-value for tests, a distance otherwise."),
  driftShare: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe('Dataset drift when at least this share of the features drift.'),
});
export type DriftCheckOptions = z.infer<typeof DriftCheckOptions>;

export const CreateDriftCheckBody = DriftCheckOptions.partial().default({});
export type CreateDriftCheckBody = z.infer<typeof CreateDriftCheckBody>;

export const DriftCheckParams = z.strictObject({ deploymentId: Id, checkId: Id });

export const DriftHistogram = z.union([
  z.object({
    kind: z.literal('numeric'),
    edges: z.array(z.number()).describe('Bin edges over both samples; bins.length + 1.'),
    reference: z.array(z.number()).describe('Share of reference values per bin.'),
    current: z.array(z.number()).describe('Share of current values per bin.'),
  }),
  z.object({
    kind: z.literal('categorical'),
    categories: z.array(z.string()),
    reference: z.array(z.number()),
    current: z.array(z.number()),
  }),
]);

export const DriftColumnResult = z.object({
  name: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  method: DriftMethodName.exclude(['auto']),
  statistic: z.number().nullable().describe('Test statistic or distance; null without a verdict.'),
  pValue: z.number().nullable().describe('For tests (KS, chi-squared, Z-test) only.'),
  threshold: z.number(),
  rule: z.enum(['p-value-below', 'distance-at-least']),
  drifted: z.boolean().nullable().describe('Null when there was too little data (see reason).'),
  reason: z.string().nullable(),
  referenceCount: z.number().int(),
  currentCount: z.number().int(),
  histogram: DriftHistogram,
});
export type DriftColumnResult = z.infer<typeof DriftColumnResult>;

export const DriftReport = z.object({
  features: z.array(DriftColumnResult),
  prediction: DriftColumnResult.nullable().describe(
    "The model's output: predicted labels (classifiers) or values (regressors).",
  ),
  skipped: z
    .array(z.object({ name: z.string(), reason: z.string() }))
    .describe('Input columns not tested (free text).'),
  timingsMs: z
    .object({
      reference: z.number().describe('Reading the reference sample.'),
      current: z.number().describe('Reading the logged predictions of the window.'),
      statistics: z.number().describe('Feature drift statistics.'),
      prediction: z.number().describe('Scoring the reference and prediction drift.'),
    })
    .describe('Where the check spent its time.'),
});
export type DriftReport = z.infer<typeof DriftReport>;

export const DriftCheck = z.object({
  id: Id,
  deploymentId: Id,
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  trigger: z.enum(['manual', 'schedule']),
  options: DriftCheckOptions,
  modelVersionId: Id.nullable().describe('The serving version whose data is the reference.'),
  referenceDatasetVersionId: Id.nullable(),
  windowStart: Timestamp.nullable(),
  windowEnd: Timestamp.nullable(),
  referenceRows: z.number().int().nullable(),
  currentRows: z.number().int().nullable(),
  driftShare: z
    .number()
    .nullable()
    .describe('Drifted / evaluated features; null when no feature had enough data.'),
  datasetDrift: z.boolean().nullable(),
  reason: z.string().nullable().describe('Why there is no verdict (too little data), if so.'),
  error: z.string().nullable(),
  createdAt: Timestamp,
  completedAt: Timestamp.nullable(),
});
export type DriftCheck = z.infer<typeof DriftCheck>;

export const DriftCheckWithReport = DriftCheck.extend({ report: DriftReport.nullable() });
export type DriftCheckWithReport = z.infer<typeof DriftCheckWithReport>;

export const DriftCheckStarted = DriftCheck.extend({ job: Job });

export const DriftSchedule = DriftCheckOptions.extend({
  intervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(10_080)
    .describe('Run a check this often (5 minutes to 7 days).'),
});
export type DriftSchedule = z.infer<typeof DriftSchedule>;
