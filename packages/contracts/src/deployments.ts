import { z } from 'zod';
import { Id, Text, Timestamp } from './common.js';
import { VersionRef } from './models.js';
import { DeploymentLogging, DeploymentShadow, DeploymentShadowInput } from './monitoring.js';

/** The most records one predict or invocations request may score. */
export const MAX_PREDICT_RECORDS = 1000;

export const DeploymentName = Text().trim().min(1).max(100);

export const DeploymentRouteInput = z.strictObject({
  modelId: Id,
  version: z
    .union([z.number().int().min(1), VersionRef])
    .describe('A version number, or an alias resolved when the routes are set.'),
  weight: z.number().int().min(0).max(100).describe('Percent of requests this route answers.'),
});

const Routes = z
  .array(DeploymentRouteInput)
  .min(1)
  .max(10)
  .superRefine((routes, ctx) => {
    const total = routes.reduce((sum, r) => sum + r.weight, 0);
    if (total !== 100) {
      ctx.addIssue({
        code: 'custom',
        message: `weights must sum to 100, they sum to ${total}`,
      });
    }
  });

export const CreateDeploymentBody = z.strictObject({
  name: DeploymentName,
  routes: Routes,
  shadow: DeploymentShadowInput.nullable().optional(),
  logging: DeploymentLogging.optional(),
});
export type CreateDeploymentBody = z.infer<typeof CreateDeploymentBody>;

export const UpdateDeploymentBody = z
  .strictObject({
    routes: Routes.describe(
      'Replaces the routes; the current ones are kept for rollback.',
    ).optional(),
    shadow: DeploymentShadowInput.nullable().optional().describe('null removes the shadow.'),
    logging: DeploymentLogging.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    error: 'send at least one of routes, shadow or logging',
  });
export type UpdateDeploymentBody = z.infer<typeof UpdateDeploymentBody>;

export const DeploymentParams = z.strictObject({ deploymentId: Id });

export const DeploymentRoute = z.object({
  modelId: Id,
  modelVersionId: Id,
  version: z.number().int().describe('The version number served.'),
  ref: z.string().describe('What was asked for: a number or an alias.'),
  weight: z.number().int(),
});
export type DeploymentRoute = z.infer<typeof DeploymentRoute>;

export const Deployment = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  routes: z.array(DeploymentRoute),
  previousRoutes: z
    .array(DeploymentRoute)
    .nullable()
    .describe('What rollback restores; null before the routes were ever changed.'),
  shadow: DeploymentShadow.nullable(),
  logging: DeploymentLogging,
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Deployment = z.infer<typeof Deployment>;

export const PredictBody = z.strictObject({
  records: z
    .array(z.unknown())
    .min(1)
    .max(MAX_PREDICT_RECORDS)
    .describe('Objects of input field → value (null for a missing value).'),
});
export type PredictBody = z.infer<typeof PredictBody>;

export const ClassLabelValue = z.union([z.string(), z.number()]);

export const Prediction = z.object({
  label: ClassLabelValue.optional().describe('Classifiers: the most probable class.'),
  probabilities: z
    .record(z.string(), z.number())
    .optional()
    .describe('Classifiers: class → probability.'),
  value: z.number().optional().describe('Regressors: the predicted value.'),
});
export type Prediction = z.infer<typeof Prediction>;

export const PredictResponse = z.object({
  predictions: z.array(Prediction),
  modelVersion: z
    .object({ id: Id, modelId: Id, version: z.number().int() })
    .describe('The version that answered (chosen by the traffic split).'),
  predictionId: Id.describe('Names this request, e.g. for feedback later.'),
});
export type PredictResponse = z.infer<typeof PredictResponse>;

export const InvocationsBody = z
  .union([
    z
      .looseObject({
        dataframe_split: z
          .object({ columns: z.array(z.string()), data: z.array(z.array(z.unknown())) })
          .optional(),
        dataframe_records: z.array(z.record(z.string(), z.unknown())).optional(),
        instances: z.array(z.record(z.string(), z.unknown())).optional(),
        inputs: z
          .union([
            z.array(z.record(z.string(), z.unknown())),
            z.record(z.string(), z.array(z.unknown())),
          ])
          .optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .describe('application/json: exactly one of the four forms.'),
    z.string().describe('text/csv: a header row, then one row per record.'),
  ])
  .describe("MLflow's scoring request.");

export const InvocationsResponse = z
  .object({ predictions: z.array(z.union([ClassLabelValue, z.number()])) })
  .describe("MLflow's scoring response: a label (classifiers) or value (regressors) per row.");
