import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateDeploymentBody,
  Deployment,
  DeploymentParams,
  InvocationsBody,
  InvocationsResponse,
  PageQuery,
  PredictBody,
  PredictResponse,
  ProjectParams,
  UpdateDeploymentBody,
  pageOf,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/authenticate.js';
import { AppError } from '../../http/errors.js';
import type { DeploymentsService } from './deployments.service.js';
import { parseScoringJson } from './lenient-json.js';
import type { ServingService } from './serving.service.js';

const tags = ['deployments'];

/** Deployments (traffic splits over model versions) and their prediction endpoints. */
export function deploymentsRoutes(
  app: FastifyInstance,
  deployments: DeploymentsService,
  serving: ServingService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/projects/:projectId/deployments',
    {
      schema: {
        tags,
        summary: 'Deploy model versions behind one endpoint, split by weight',
        description:
          'Every route names a ready version (number or alias, resolved now) of a model of this project whose licence allows deployment; weights sum to 100.',
        params: ProjectParams,
        body: CreateDeploymentBody,
        response: { 201: Deployment },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await deployments.create(actorOf(request), request.params.projectId, request.body)),
  );
  r.get(
    '/api/v1/projects/:projectId/deployments',
    {
      schema: {
        tags,
        summary: "List a project's deployments",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: pageOf(Deployment) },
      },
    },
    (request) =>
      deployments.list(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/deployments/:deploymentId',
    {
      schema: {
        tags,
        summary: 'Get a deployment',
        params: DeploymentParams,
        response: { 200: Deployment },
      },
    },
    (request) => deployments.get(actorOf(request).principal, request.params.deploymentId),
  );
  r.patch(
    '/api/v1/deployments/:deploymentId',
    {
      schema: {
        tags,
        summary:
          "Change a deployment's routes, shadow or logging (replaced routes are kept for rollback)",
        params: DeploymentParams,
        body: UpdateDeploymentBody,
        response: { 200: Deployment },
      },
    },
    (request) => deployments.update(actorOf(request), request.params.deploymentId, request.body),
  );
  r.post(
    '/api/v1/deployments/:deploymentId/rollback',
    {
      schema: {
        tags,
        summary: 'Restore the routes before the last change',
        params: DeploymentParams,
        response: { 200: Deployment },
      },
    },
    (request) => deployments.rollback(actorOf(request), request.params.deploymentId),
  );
  r.delete(
    '/api/v1/deployments/:deploymentId',
    {
      schema: {
        tags,
        summary: 'Delete a deployment',
        params: DeploymentParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deployments.delete(actorOf(request), request.params.deploymentId);
      return reply.status(204).send(null);
    },
  );

  // Scoring's own scope: JSON with bare NaN/Infinity and (for invocations) CSV parse here only.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      async (_request: FastifyRequest, body: string) => parseScoringJson(body),
    );
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/deployments/:deploymentId/predict',
      {
        schema: {
          tags,
          summary: 'Score records with the deployed model',
          description:
            "A session, or an API key with the `predict` scope. Each record is validated against the answering version's input schema; errors name `records[i].field`.",
          params: DeploymentParams,
          body: PredictBody,
          response: { 200: PredictResponse },
        },
      },
      (request) =>
        serving.predict(principalOf(request), request.params.deploymentId, request.body.records),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/deployments/:deploymentId/invocations',
      {
        // Before any parser runs, so a multipart or XML body is refused as such, not as a bad body.
        onRequest: async (request) => {
          scoringFormat(request);
        },
        schema: {
          tags,
          summary: "Score records with MLflow's scoring protocol",
          description:
            'application/json with exactly one of `dataframe_split`, `dataframe_records`, `instances` or `inputs` (and optionally `params`), or text/csv with a header row. Answers `{"predictions": [...]}`: a label per row for classifiers, a value for regressors. Auth as for predict.',
          consumes: ['application/json', 'text/csv'],
          params: DeploymentParams,
          body: InvocationsBody,
          response: { 200: InvocationsResponse },
        },
      },
      (request) =>
        serving.invoke(
          principalOf(request),
          request.params.deploymentId,
          request.body,
          scoringFormat(request),
        ),
    );
  });
}

function scoringFormat(request: FastifyRequest): 'json' | 'csv' {
  const type = request.headers['content-type'];
  const media = type?.split(';')[0]!.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'text/csv') return 'csv';
  throw new UnsupportedMediaTypeError(type);
}

/** A body in a media type the scoring protocol does not speak. */
class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  readonly title = 'Unsupported media type';
  constructor(sent: string | undefined) {
    super(
      `${sent ? `Content-Type ${sent}` : 'A body without a Content-Type'} cannot be scored; send application/json (MLflow's dataframe_split, dataframe_records, instances or inputs) or text/csv.`,
      { errors: [{ field: 'content-type', message: 'must be application/json or text/csv' }] },
    );
  }
}
