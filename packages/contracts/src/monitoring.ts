import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { VersionRef } from './models.js';

/** The most feedback items one request may carry. */
export const MAX_FEEDBACK_ITEMS = 1000;

export const DeploymentLogging = z
  .strictObject({
    sampleRate: z
      .number()
      .min(0)
      .max(1)
      .describe('Share of requests whose records are written to the prediction log (0–1).'),
  })
  .describe('Prediction logging; the default logs every request (sampleRate 1).');
export type DeploymentLogging = z.infer<typeof DeploymentLogging>;

export const DeploymentShadowInput = z
  .strictObject({
    modelId: Id,
    version: z
      .union([z.number().int().min(1), VersionRef])
      .describe('A version number, or an alias resolved when the shadow is set.'),
  })
  .describe('A version that also scores every request after the answer is sent; never returned.');

export const DeploymentShadow = z.object({
  modelId: Id,
  modelVersionId: Id,
  version: z.number().int(),
  ref: z.string(),
});
export type DeploymentShadow = z.infer<typeof DeploymentShadow>;

export const FeedbackItem = z.strictObject({
  predictionId: Id.describe('The predictionId a predict answer carried.'),
  recordIndex: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Which record of that request (0-based); needed when it scored more than one.'),
  label: z
    .union([z.string(), z.number()])
    .describe('The true class (classifiers) or value (regressors).'),
});
export type FeedbackItem = z.infer<typeof FeedbackItem>;

export const FeedbackBody = z.union([
  FeedbackItem,
  z.strictObject({ feedback: z.array(FeedbackItem).min(1).max(MAX_FEEDBACK_ITEMS) }),
]);
export type FeedbackBody = z.infer<typeof FeedbackBody>;

export const FeedbackResponse = z.object({
  labeled: z.number().int().describe('Logged records that now carry a label.'),
});

export const MetricsWindow = z.enum(['15m', '1h', '24h', '7d']);
export type MetricsWindow = z.infer<typeof MetricsWindow>;

export const MetricsQuery = z.strictObject({ window: MetricsWindow.default('1h') });

const LatencyPercentiles = z
  .object({ p50: z.number(), p95: z.number(), p99: z.number(), mean: z.number() })
  .describe('Milliseconds spent scoring; percentiles estimated from histogram buckets.');

export const ServiceStats = z.object({
  requests: z.number().int(),
  errors: z.number().int().describe('Client and server errors together.'),
  clientErrors: z.number().int().describe('Requests refused for their input (4xx).'),
  serverErrors: z.number().int(),
  errorRate: z.number().describe('errors / requests; 0 without requests.'),
  latencyMs: LatencyPercentiles.nullable().describe('Null without requests.'),
});
export type ServiceStats = z.infer<typeof ServiceStats>;

const ServiceSeries = z
  .array(ServiceStats.extend({ start: Timestamp }))
  .describe('One entry per bucket of bucketSeconds, from `from` up to `to`.');

export const DeploymentMetrics = z.object({
  deploymentId: Id,
  window: MetricsWindow,
  from: Timestamp,
  to: Timestamp,
  total: ServiceStats,
  versions: z
    .array(
      ServiceStats.extend({
        modelVersionId: Id.nullable().describe('Null: failed before a version was picked.'),
        series: ServiceSeries.describe('Same buckets as the total series; they sum to it.'),
      }),
    )
    .describe('Only versions that had requests in the window.'),
  bucketSeconds: z.number().int(),
  series: ServiceSeries,
});
export type DeploymentMetrics = z.infer<typeof DeploymentMetrics>;

export const PerformanceBucket = z.enum(['1h', '1d']);

export const PerformanceQuery = z.strictObject({
  window: MetricsWindow.default('7d'),
  bucket: PerformanceBucket.default('1h'),
});

export const TaskMetrics = z
  .object({
    accuracy: z.number().optional(),
    f1: z.number().optional().describe('Macro-averaged over the classes seen.'),
    mae: z.number().optional(),
    rmse: z.number().optional(),
  })
  .describe('Accuracy and F1 for classifiers, MAE and RMSE for regressors.');

export const DeploymentPerformance = z.object({
  deploymentId: Id,
  window: MetricsWindow,
  from: Timestamp,
  to: Timestamp,
  bucketSeconds: z.number().int(),
  versions: z.array(
    z.object({
      modelVersionId: Id,
      shadow: z.boolean().describe('Scored as the shadow, never returned.'),
      task: z.enum(['binary', 'multiclass', 'regression']),
      labeled: z.number().int(),
      metrics: TaskMetrics,
      series: z.array(
        z.object({ start: Timestamp, labeled: z.number().int(), metrics: TaskMetrics }),
      ),
    }),
  ),
});
export type DeploymentPerformance = z.infer<typeof DeploymentPerformance>;
