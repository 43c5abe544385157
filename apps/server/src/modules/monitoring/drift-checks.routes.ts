import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateDriftCheckBody,
  DeploymentParams,
  DriftCheck,
  DriftCheckParams,
  DriftCheckStarted,
  DriftCheckWithReport,
  DriftSchedule,
  PageQuery,
  pageOf,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import type { DriftChecksService } from './drift-checks.service.js';

const tags = ['monitoring'];

/** Data and prediction drift checks of a deployment: on demand, on a schedule, and their reports. */
export function driftChecksRoutes(app: FastifyInstance, drift: DriftChecksService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/deployments/:deploymentId/drift-checks',
    {
      schema: {
        tags,
        summary: 'Check the logged predictions of a window for data and prediction drift (a job)',
        description:
          "Reference: a sample of the serving version's training data, or referenceDatasetVersionId. Current: the deployment's logged (non-shadow) predictions of the window. Poll GET …/drift-checks/{checkId} for the report.",
        params: DeploymentParams,
        body: CreateDriftCheckBody,
        response: { 202: DriftCheckStarted },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await drift.create(actorOf(request), request.params.deploymentId, request.body)),
  );
  r.get(
    '/api/v1/deployments/:deploymentId/drift-checks',
    {
      schema: {
        tags,
        summary: "A deployment's drift checks, newest first",
        params: DeploymentParams,
        querystring: PageQuery,
        response: { 200: pageOf(DriftCheck) },
      },
    },
    (request) => drift.list(actorOf(request).principal, request.params.deploymentId, request.query),
  );
  r.get(
    '/api/v1/deployments/:deploymentId/drift-checks/:checkId',
    {
      schema: {
        tags,
        summary: 'A drift check with its report: per feature and for the prediction',
        params: DriftCheckParams,
        response: { 200: DriftCheckWithReport },
      },
    },
    (request) =>
      drift.get(actorOf(request).principal, request.params.deploymentId, request.params.checkId),
  );
  r.put(
    '/api/v1/deployments/:deploymentId/drift-schedule',
    {
      schema: {
        tags,
        summary: 'Run drift checks of the deployment on a schedule',
        params: DeploymentParams,
        body: DriftSchedule,
        response: { 200: DriftSchedule },
      },
    },
    (request) => drift.putSchedule(actorOf(request), request.params.deploymentId, request.body),
  );
  r.get(
    '/api/v1/deployments/:deploymentId/drift-schedule',
    {
      schema: {
        tags,
        summary: "The deployment's drift check schedule",
        params: DeploymentParams,
        response: { 200: DriftSchedule },
      },
    },
    (request) => drift.getSchedule(actorOf(request).principal, request.params.deploymentId),
  );
  r.delete(
    '/api/v1/deployments/:deploymentId/drift-schedule',
    {
      schema: {
        tags,
        summary: 'Stop scheduled drift checks',
        params: DeploymentParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await drift.deleteSchedule(actorOf(request), request.params.deploymentId);
      return reply.status(204).send(null);
    },
  );
}
