import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DatasetParams,
  DatasetValidationRule,
  DatasetVersionNumberParams,
  ValidationRule,
  ValidationRuleParams,
  VersionValidation,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import type { ValidationService } from './validation.service.js';

const tags = ['datasets'];

export function validationRoutes(app: FastifyInstance, validation: ValidationService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/datasets/:datasetId/validation-rules',
    {
      schema: {
        tags,
        summary: "A dataset's validation rules, in the order they are evaluated",
        params: DatasetParams,
        response: { 200: z.object({ items: z.array(DatasetValidationRule) }) },
      },
    },
    (request) => validation.listRules(actorOf(request).principal, request.params.datasetId),
  );
  r.post(
    '/api/v1/datasets/:datasetId/validation-rules',
    {
      schema: {
        tags,
        summary: 'Attach a validation rule',
        description:
          'Evaluated by ingest on every new version, and on demand with POST …/versions/{version}/validation.',
        params: DatasetParams,
        body: ValidationRule,
        response: { 201: DatasetValidationRule },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await validation.createRule(actorOf(request), request.params.datasetId, request.body),
        ),
  );
  r.delete(
    '/api/v1/datasets/:datasetId/validation-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Remove a validation rule (results already stored keep it)',
        params: ValidationRuleParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await validation.deleteRule(
        actorOf(request),
        request.params.datasetId,
        request.params.ruleId,
      );
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/datasets/:datasetId/versions/:version/validation',
    {
      schema: {
        tags,
        summary: "Evaluate the dataset's rules on a ready version now and store the results",
        params: DatasetVersionNumberParams,
        response: { 200: VersionValidation },
      },
    },
    (request) =>
      validation.validateVersion(
        actorOf(request),
        request.params.datasetId,
        request.params.version,
      ),
  );
}
