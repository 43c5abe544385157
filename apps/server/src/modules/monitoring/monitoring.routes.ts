import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DeploymentMetrics,
  DeploymentParams,
  DeploymentPerformance,
  FeedbackBody,
  FeedbackResponse,
  MetricsQuery,
  PerformanceQuery,
} from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { Monitoring } from './create-monitoring.js';

const tags = ['monitoring'];

/** Feedback labels, service metrics and model performance of a deployment. */
export function monitoringRoutes(app: FastifyInstance, monitoring: Monitoring) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/deployments/:deploymentId/feedback',
    {
      schema: {
        tags,
        summary: 'Record the true label of logged predictions',
        description:
          "`{predictionId, recordIndex?, label}` or `{feedback: [...]}` (up to 1000). Each predictionId must be in this deployment's prediction log (404 otherwise); the label must be a class the model knows or, for a regressor, a number (422). All items or none are stored; re-sending overwrites. Auth as for predict.",
        params: DeploymentParams,
        body: FeedbackBody,
        response: { 200: FeedbackResponse },
      },
    },
    (request) =>
      monitoring.feedback.record(
        actorOf(request).principal,
        request.params.deploymentId,
        request.body,
      ),
  );
  r.get(
    '/api/v1/deployments/:deploymentId/metrics',
    {
      schema: {
        tags,
        summary:
          'Request count, error rate and latency percentiles, in total, per version and over time',
        description:
          'Counts every request whatever the prediction log samples. Latency is the time spent validating and scoring; percentiles are estimated from histogram buckets.',
        params: DeploymentParams,
        querystring: MetricsQuery,
        response: { 200: DeploymentMetrics },
      },
    },
    (request) =>
      monitoring.metrics.metrics(
        actorOf(request).principal,
        request.params.deploymentId,
        request.query.window,
      ),
  );
  r.get(
    '/api/v1/deployments/:deploymentId/performance',
    {
      schema: {
        tags,
        summary: 'Accuracy and F1 (classifiers) or MAE and RMSE (regressors) from feedback labels',
        description:
          'Per version (shadow versions separately) over the window and per bucket; only logged records that received feedback count.',
        params: DeploymentParams,
        querystring: PerformanceQuery,
        response: { 200: DeploymentPerformance },
      },
    },
    (request) =>
      monitoring.performance.performance(
        actorOf(request).principal,
        request.params.deploymentId,
        request.query.window,
        request.query.bucket,
      ),
  );
}
