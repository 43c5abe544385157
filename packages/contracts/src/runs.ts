import { z } from 'zod';
import { Id, PageQuery, Text, Timestamp } from './common.js';

export const RunStatus = z
  .enum(['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'])
  .describe(
    '`paused` keeps the last checkpoint and continues on resume; `failed` carries `error`; `succeeded`, `failed` and `cancelled` are final.',
  );
export type RunStatus = z.infer<typeof RunStatus>;

export const RUN_FINAL_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export const Algorithm = z
  .enum(['gbdt', 'forest', 'tree', 'linear', 'mlp'])
  .describe(
    '`gbdt` histogram gradient boosting (default), `forest` random forest, `tree` one decision tree, `linear` linear/logistic regression, `mlp` a small neural network.',
  );
export type Algorithm = z.infer<typeof Algorithm>;

export const Task = z
  .enum(['binary', 'multiclass', 'regression'])
  .describe('Detected from the target when not given: numbers with many values → regression.');
export type Task = z.infer<typeof Task>;

/** A hyperparameter's value. */
export const ParamValue = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.array(z.number()).max(64).describe("e.g. the MLP's hiddenLayerSizes"),
]);
const Tags = z
  .record(Text().min(1).max(100), Text().max(500))
  .refine((tags) => Object.keys(tags).length <= 50, { error: 'at most 50 tags' });

export const ExperimentName = Text().trim().min(1).max(100);

export const Experiment = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  description: z.string(),
  runCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Experiment = z.infer<typeof Experiment>;

export const CreateExperimentBody = z.strictObject({
  name: ExperimentName,
  description: Text().max(2000).default(''),
});
export type CreateExperimentBody = z.infer<typeof CreateExperimentBody>;

export const ExperimentParams = z.strictObject({ experimentId: Id });
export const RunParams = z.strictObject({ runId: Id });

export const CreateRunBody = z.strictObject({
  datasetVersionId: Id.describe('A `ready` dataset version of this project.'),
  target: Text().min(1).max(300).describe('The column to predict.'),
  features: z
    .array(Text().min(1).max(300))
    .min(1)
    .max(10_000)
    .optional()
    .describe('Input columns; default every column but the target.'),
  task: Task.optional(),
  algorithm: Algorithm.default('gbdt'),
  params: z
    .record(z.string().min(1).max(100), ParamValue)
    .default({})
    .describe(
      "The algorithm's hyperparameters (see the engine's defaults); checked before the run starts.",
    ),
  testFraction: z
    .number()
    .min(0.05)
    .max(0.5)
    .default(0.2)
    .describe('Share of rows held out for evaluation (stratified for classification).'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  fairnessColumn: Text()
    .min(1)
    .max(300)
    .optional()
    .describe('A column whose groups the evaluation compares (e.g. a sensitive attribute).'),
  experimentId: Id.optional().describe("Default: the project's `Default` experiment."),
  name: Text().trim().min(1).max(100).optional(),
  tags: Tags.default({}),
  notes: Text().max(10_000).default(''),
});
export type CreateRunBody = z.input<typeof CreateRunBody>;

const ImportedCurve = z
  .strictObject({
    name: z.enum(['train_loss', 'valid_loss']),
    steps: z.array(z.number().int().min(0)).max(100_000),
    values: z.array(z.number()).max(100_000),
  })
  .refine((curve) => curve.steps.length === curve.values.length, {
    error: 'steps and values must have the same length',
  });

export const ImportRunBody = z.strictObject({
  datasetVersionId: Id.describe(
    'A `ready` dataset version of this project holding the rows the model was trained on.',
  ),
  target: Text().min(1).max(300).describe("The model's target column."),
  features: z
    .array(Text().min(1).max(300))
    .min(1)
    .max(10_000)
    .describe('The input columns the model reads (its `inputs`).'),
  algorithm: Algorithm,
  params: z.record(z.string().min(1).max(100), ParamValue).default({}),
  testFraction: z
    .number()
    .min(0.05)
    .max(0.5)
    .default(0.2)
    .describe('The share held out when it was trained: the server evaluates on the same rows.'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  model: z
    .record(z.string(), z.unknown())
    .describe("The trained model in the engine's JSON format (`format: 'aistudio.model'`)."),
  curves: z
    .array(ImportedCurve)
    .max(2)
    .default([])
    .describe('The loss per iteration as it trained, drawn on the run page.'),
  trainingMs: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional()
    .describe('How long it trained.'),
  experimentId: Id.optional().describe("Default: the project's `Default` experiment."),
  name: Text().trim().min(1).max(100).optional(),
  tags: Tags.default({}),
  notes: Text().max(10_000).default(''),
});
export type ImportRunBody = z.input<typeof ImportRunBody>;

export const UpdateRunBody = z.strictObject({
  name: Text().trim().min(1).max(100).optional(),
  notes: Text().max(10_000).optional(),
  tags: Tags.optional().describe('Replaces the tags.'),
  experimentId: Id.optional().describe('Moves the run to another experiment of its project.'),
});
export type UpdateRunBody = z.infer<typeof UpdateRunBody>;

export const RunProgress = z.object({
  iteration: z.number().int(),
  total: z.number().int().nullable(),
  trainLoss: z.number().nullable(),
  validLoss: z.number().nullable(),
});
export type RunProgress = z.infer<typeof RunProgress>;

export const RunEstimate = z
  .object({ seconds: z.number(), low: z.number(), high: z.number() })
  .describe(
    'Expected compute seconds of the training, with a range the measured error puts around it.',
  );
export type RunEstimate = z.infer<typeof RunEstimate>;

export const RunArtifact = z.object({
  name: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});

export const Run = z.object({
  id: Id,
  projectId: Id,
  experimentId: Id,
  name: z.string(),
  status: RunStatus,
  datasetId: Id,
  datasetVersionId: Id,
  target: z.string(),
  features: z.array(z.string()).nullable().describe('Null until the run has read the data.'),
  task: Task.nullable(),
  algorithm: z
    .union([Algorithm, z.literal('auto')])
    .describe('`auto` only on an AutoML sweep, whose trials pick the algorithm.'),
  params: z.record(z.string(), ParamValue),
  testFraction: z.number(),
  seed: z.number().int(),
  fairnessColumn: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  notes: z.string(),
  metrics: z.record(z.string(), z.number()).describe('Final metrics on the held-out rows.'),
  progress: RunProgress.nullable(),
  estimate: RunEstimate.nullable(),
  engineVersion: z.string(),
  kind: z
    .enum(['train', 'sweep'])
    .describe('`sweep`: a hyperparameter search; its trials are `train` runs with it as parent.'),
  source: z
    .enum(['studio', 'playground'])
    .describe('`playground`: trained in a browser and imported finished, with its data uploaded.'),
  bestRunId: Id.nullable().describe("A finished sweep's best trial."),
  parentRunId: Id.nullable(),
  jobId: Id.nullable(),
  error: z.string().nullable(),
  artifacts: z.array(RunArtifact),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  durationMs: z.number().int().nullable(),
});
export type Run = z.infer<typeof Run>;

export const ListRunsQuery = PageQuery.extend({
  experimentId: Id.optional(),
  filter: z
    .string()
    .max(2000)
    .optional()
    .describe(
      "AND-joined conditions, MLflow-style: `metrics.accuracy > 0.9 and params.max_leaves = 31 and tags.team = 'x' and attributes.status = 'succeeded' and attributes.algorithm = 'gbdt'`. Attributes: run_id, run_name, status, algorithm, task, target, dataset_id, dataset_version_id, experiment_id, kind (`run`, `trial` or `sweep`), source (`studio` or `playground`), parent_run_id, start_time, end_time, created, duration_ms. Operators: = != < <= > >= (numbers), = != LIKE ILIKE IN (strings).",
    ),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

export const MetricSeries = z.object({
  name: z.string().describe('`train_loss`, `valid_loss`, …'),
  steps: z.array(z.number().int()),
  values: z.array(z.number()),
});
export const RunMetrics = z.object({ series: z.array(MetricSeries) });
export type RunMetrics = z.infer<typeof RunMetrics>;

/** The evaluation report stored with a succeeded run (shaped by the engine's `evaluateModel`). */
export const RunEvaluation = z.record(z.string(), z.unknown());

/**
 * Server-Sent Events of a run, in order; the SSE `id` is the event's sequence number, so a client
 * that reconnects with `Last-Event-ID` receives exactly what it missed.
 */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), status: RunStatus, error: z.string().nullable() }),
  z.object({ type: z.literal('progress'), ...RunProgress.shape }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
  }),
  z.object({ type: z.literal('metrics'), metrics: z.record(z.string(), z.number()) }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
