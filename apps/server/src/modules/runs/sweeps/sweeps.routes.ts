import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreateSweepBody, ProjectParams, Run, RunParams, SweepTrials } from '@aistudio/contracts';
import { actorOf } from '../../../http/authenticate.js';
import type { SweepsService } from './sweeps.service.js';

const tags = ['runs'];

export function sweepsRoutes(app: FastifyInstance, sweeps: SweepsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/projects/:projectId/sweeps',
    {
      schema: {
        tags,
        summary: 'Start a hyperparameter sweep or AutoML',
        description:
          "A sweep is a run of kind `sweep` whose trials are training runs (parentRunId = the sweep). Trials are sampled by TPE or at random, run as ordinary training jobs up to `parallelism` at once, and weak ones are pruned early. When all are done the sweep takes the best trial's metrics, params and model files and names it in `bestRunId`. Cancel it with POST /runs/{runId}/cancel (its trials stop too).",
        params: ProjectParams,
        body: CreateSweepBody,
        response: { 202: Run },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await sweeps.create(actorOf(request), request.params.projectId, request.body)),
  );
  r.get(
    '/api/v1/runs/:runId/trials',
    {
      schema: {
        tags,
        summary: "A sweep's trials as a leaderboard",
        params: RunParams,
        response: { 200: SweepTrials },
      },
    },
    async (request) => sweeps.trials(actorOf(request).principal, request.params.runId),
  );
}
