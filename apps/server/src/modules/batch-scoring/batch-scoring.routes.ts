import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  BatchScoring,
  BatchScoringParams,
  CreateBatchScoringBody,
  ModelParams,
} from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { BatchScoringService } from './batch-scoring.service.js';

const tags = ['models'];

/** Batch scoring: a model version applied to a dataset version, written as a new dataset version. */
export function batchScoringRoutes(app: FastifyInstance, scoring: BatchScoringService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/models/:modelId/batch-scorings',
    {
      schema: {
        tags,
        summary: 'Score a dataset version with a model version, as a job',
        description:
          "The output is the next version of the dataset named `outputName`: the input columns plus `prediction` (and `probability_<class>` for classifiers), under the stricter of the data's and the model's licence, with lineage to both. Missing or unreadable input columns answer 422 before any job starts; cancel through POST /api/v1/batch-scorings/{batchScoringId}/cancel.",
        params: ModelParams,
        body: CreateBatchScoringBody,
        response: { 202: BatchScoring },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await scoring.create(actorOf(request), request.params.modelId, request.body)),
  );
  r.get(
    '/api/v1/batch-scorings/:batchScoringId',
    {
      schema: {
        tags,
        summary: 'A batch scoring: its source, model version, job and output version',
        params: BatchScoringParams,
        response: { 200: BatchScoring },
      },
    },
    (request) => scoring.get(actorOf(request).principal, request.params.batchScoringId),
  );
  r.post(
    '/api/v1/batch-scorings/:batchScoringId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a batch scoring; nothing of it is kept',
        description: '409 when its job has already finished.',
        params: BatchScoringParams,
        response: { 200: BatchScoring },
      },
    },
    (request) => scoring.cancel(actorOf(request), request.params.batchScoringId),
  );
}
