import { z } from 'zod';
import { Id, Text } from './common.js';
import { ParamValue, RunStatus, Task } from './runs.js';

export const SweepAlgorithm = z
  .enum(['gbdt', 'linear', 'forest', 'mlp', 'auto'])
  .describe(
    '`auto` is AutoML: the sampler also picks the algorithm, each with its own search space.',
  );
export type SweepAlgorithm = z.infer<typeof SweepAlgorithm>;

const CLASSIFICATION_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'f1_macro',
  'precision_macro',
  'recall_macro',
  'log_loss',
  'roc_auc',
  'average_precision',
] as const;
const REGRESSION_METRICS = ['rmse', 'mae', 'mse', 'r2', 'mape', 'explained_variance'] as const;

export const SweepMetric = z
  .enum([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS])
  .describe(
    "A trial's held-out metric the search optimises; default `log_loss` (classification) or `rmse` (regression).",
  );
export type SweepMetric = z.infer<typeof SweepMetric>;

/** Metrics of classification runs (the rest are regression's). */
export const CLASSIFICATION_SWEEP_METRICS: readonly SweepMetric[] = CLASSIFICATION_METRICS;

/** Metrics where higher is better; every other metric is minimised. */
export const MAXIMIZED_SWEEP_METRICS: readonly SweepMetric[] = [
  'accuracy',
  'balanced_accuracy',
  'f1_macro',
  'precision_macro',
  'recall_macro',
  'roc_auc',
  'average_precision',
  'r2',
  'explained_variance',
];

const Choice = z.union([z.number(), z.string(), z.boolean()]);

export const SweepParamSpec = z
  .strictObject({
    type: z.enum(['uniform', 'logUniform', 'int', 'categorical']),
    low: z.number().optional(),
    high: z.number().optional(),
    log: z.boolean().optional().describe('`int` only: sample on a log scale.'),
    choices: z.array(Choice).max(100).optional().describe('`categorical` only.'),
  })
  .describe(
    '`uniform` / `logUniform` floats and `int` integers in [low, high]; `categorical` one of `choices`.',
  );
export type SweepParamSpec = z.infer<typeof SweepParamSpec>;

export const SweepSpace = z
  .record(Text().min(1).max(100), SweepParamSpec)
  .describe(
    "The algorithm's hyperparameters to search, by name (e.g. `learningRate: { type: 'logUniform', low: 0.01, high: 0.3 }`); default a space suited to the algorithm and the data size.",
  );
export type SweepSpace = z.infer<typeof SweepSpace>;

export const CreateSweepBody = z.strictObject({
  datasetVersionId: Id.describe('A `ready` dataset version of this project.'),
  target: Text().min(1).max(300).describe('The column to predict.'),
  features: z
    .array(Text().min(1).max(300))
    .min(1)
    .max(10_000)
    .optional()
    .describe('Input columns; default every column but the target.'),
  task: Task.optional(),
  algorithm: SweepAlgorithm.default('gbdt'),
  space: SweepSpace.optional(),
  sampler: z
    .enum(['tpe', 'random'])
    .default('tpe')
    .describe('`tpe` learns from finished trials; `random` samples uniformly.'),
  trials: z.number().int().default(20).describe('Trials to run, 1 to 200.'),
  parallelism: z.number().int().default(2).describe('Trials queued or running at once, 1 to 16.'),
  metric: SweepMetric.optional(),
  pruning: z
    .enum(['median', 'none'])
    .default('median')
    .describe(
      "`median` stops a trial whose loss so far is worse than the median of finished trials' at the same step.",
    ),
  timeBudgetSeconds: z
    .number()
    .optional()
    .describe(
      'Wall-clock budget, 1 s to 7 days: no trial starts after it, and trials still running at its end are stopped.',
    ),
  testFraction: z
    .number()
    .min(0.05)
    .max(0.5)
    .default(0.2)
    .describe('Share of rows held out to score each trial (the same rows for every trial).'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  experimentId: Id.optional().describe("Default: the project's `Default` experiment."),
  name: Text().trim().min(1).max(100).optional(),
  tags: z
    .record(Text().min(1).max(100), Text().max(500))
    .refine((tags) => Object.keys(tags).length <= 50, { error: 'at most 50 tags' })
    .default({}),
  notes: Text().max(10_000).default(''),
});
export type CreateSweepBody = z.input<typeof CreateSweepBody>;

/** A sweep's request as stored, with its defaults resolved. */
export const SweepSpec = z.object({
  algorithm: SweepAlgorithm,
  space: z.record(z.string(), SweepParamSpec),
  sampler: z.enum(['tpe', 'random']),
  trials: z.number().int(),
  parallelism: z.number().int(),
  metric: SweepMetric,
  direction: z.enum(['minimize', 'maximize']),
  pruning: z.enum(['median', 'none']),
  timeBudgetSeconds: z.number().nullable(),
});
export type SweepSpec = z.infer<typeof SweepSpec>;

export const SweepTrial = z.object({
  rank: z
    .number()
    .int()
    .nullable()
    .describe('1 = best; null until the trial succeeded with the metric.'),
  number: z.number().int().describe("The trial's number in the study, in the order asked."),
  runId: Id,
  status: RunStatus,
  pruned: z.boolean(),
  prunedAtStep: z.number().int().nullable(),
  algorithm: z.string(),
  params: z.record(z.string(), ParamValue),
  value: z.number().nullable().describe("The sweep's metric on the held-out rows."),
  metrics: z.record(z.string(), z.number()),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type SweepTrial = z.infer<typeof SweepTrial>;

export const SweepTrials = z.object({
  sweepRunId: Id,
  status: RunStatus,
  spec: SweepSpec,
  bestRunId: Id.nullable(),
  trials: z.array(SweepTrial).describe('Best first, then running, queued and failed trials.'),
});
export type SweepTrials = z.infer<typeof SweepTrials>;
