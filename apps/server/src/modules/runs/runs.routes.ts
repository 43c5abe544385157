import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateExperimentBody,
  CreateRunBody,
  Experiment,
  ExperimentParams,
  ImportRunBody,
  ListRunsQuery,
  PageQuery,
  ProjectParams,
  Run,
  RunEstimate,
  RunEvaluation,
  RunMetrics,
  RunParams,
  UpdateRunBody,
  pageOf,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import type { RunImportService } from './run-import.service.js';
import type { RunsService } from './runs.service.js';
import { streamRunEvents } from './run-event-stream.js';
import type { RunEventLog } from './run-events.js';

const tags = ['runs'];
const ArtifactParams = RunParams.extend({
  name: z.enum(['model.json', 'model.onnx', 'evaluation.json']),
});

/** An imported model's JSON: a large GBDT is several megabytes. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

export function runsRoutes(
  app: FastifyInstance,
  runs: RunsService,
  events: RunEventLog,
  imports: RunImportService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/projects/:projectId/experiments',
    {
      schema: {
        tags,
        summary: 'Create an experiment',
        params: ProjectParams,
        body: CreateExperimentBody,
        response: { 201: Experiment },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await runs.createExperiment(actorOf(request), request.params.projectId, request.body),
        ),
  );
  r.get(
    '/api/v1/projects/:projectId/experiments',
    {
      schema: {
        tags,
        summary: "List a project's experiments",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: pageOf(Experiment) },
      },
    },
    async (request) =>
      runs.listExperiments(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/experiments/:experimentId',
    {
      schema: {
        tags,
        summary: 'Get an experiment',
        params: ExperimentParams,
        response: { 200: Experiment },
      },
    },
    async (request) => runs.getExperiment(actorOf(request).principal, request.params.experimentId),
  );

  r.post(
    '/api/v1/projects/:projectId/runs',
    {
      schema: {
        tags,
        summary: 'Start a training run',
        description:
          'Checks the dataset version, target, features and parameters, then queues the training job. Follow it with GET /api/v1/runs/{runId}/events.',
        params: ProjectParams,
        body: CreateRunBody,
        response: { 202: Run },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await runs.create(actorOf(request), request.params.projectId, request.body)),
  );
  r.post(
    '/api/v1/projects/:projectId/runs/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import a run trained elsewhere (the browser playground)',
        description:
          "Records a finished run from a model in the engine's JSON format and the dataset version it was trained on: the model is checked against the version's schema, evaluated on the same held-out rows a studio run would use, and stored with its ONNX export. Upload the data first (POST /api/v1/projects/{projectId}/datasets) and wait until its version is `ready`.",
        params: ProjectParams,
        body: ImportRunBody,
        response: { 201: Run },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await imports.importRun(actorOf(request), request.params.projectId, request.body)),
  );
  r.post(
    '/api/v1/projects/:projectId/runs/estimate',
    {
      schema: {
        tags,
        summary: 'Estimate the compute time of a run before starting it',
        description:
          'Takes the body of a new run and checks it the same way, without starting anything.',
        params: ProjectParams,
        body: CreateRunBody,
        response: { 200: RunEstimate },
      },
    },
    async (request) =>
      runs.estimate(actorOf(request).principal, request.params.projectId, request.body),
  );
  r.get(
    '/api/v1/projects/:projectId/runs',
    {
      schema: {
        tags,
        summary: "Search a project's runs",
        params: ProjectParams,
        querystring: ListRunsQuery,
        response: { 200: pageOf(Run) },
      },
    },
    async (request) =>
      runs.list(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/runs/:runId',
    { schema: { tags, summary: 'Get a run', params: RunParams, response: { 200: Run } } },
    async (request) => runs.get(actorOf(request).principal, request.params.runId),
  );
  r.patch(
    '/api/v1/runs/:runId',
    {
      schema: {
        tags,
        summary: 'Rename a run, edit its notes or tags, or move it to another experiment',
        description: 'Parameters, data and results are immutable.',
        params: RunParams,
        body: UpdateRunBody,
        response: { 200: Run },
      },
    },
    async (request) => runs.update(actorOf(request), request.params.runId, request.body),
  );
  r.delete(
    '/api/v1/runs/:runId',
    {
      schema: {
        tags,
        summary: 'Delete a run and its files',
        params: RunParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await runs.delete(actorOf(request), request.params.runId);
      return reply.status(204).send(null);
    },
  );
  for (const action of ['cancel', 'pause', 'resume'] as const) {
    r.post(
      `/api/v1/runs/:runId/${action}`,
      {
        schema: {
          tags,
          summary: {
            cancel: 'Cancel a run',
            pause: 'Pause a run at its next checkpointable iteration',
            resume: 'Resume a paused run from its last checkpoint',
          }[action],
          params: RunParams,
          response: { 200: Run },
        },
      },
      async (request) =>
        action === 'resume'
          ? runs.resume(actorOf(request), request.params.runId)
          : runs.stop(actorOf(request), request.params.runId, action),
    );
  }
  r.get(
    '/api/v1/runs/:runId/metrics',
    {
      schema: {
        tags,
        summary: "A run's metrics per step (train and validation loss per iteration)",
        params: RunParams,
        response: { 200: RunMetrics },
      },
    },
    async (request) => runs.metrics(actorOf(request).principal, request.params.runId),
  );
  r.get(
    '/api/v1/runs/:runId/evaluation',
    {
      schema: {
        tags,
        summary: 'The evaluation report of a succeeded run',
        description:
          'Metrics, confusion matrix, curves, residuals, feature importance and fairness, on the held-out rows.',
        params: RunParams,
        response: { 200: RunEvaluation },
      },
    },
    async (request) => {
      const { body } = await runs.artifact(
        actorOf(request).principal,
        request.params.runId,
        'evaluation.json',
      );
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    },
  );
  r.get(
    '/api/v1/runs/:runId/artifacts/:name',
    {
      schema: {
        tags,
        summary: 'Download an artifact of a run',
        params: ArtifactParams,
      },
    },
    async (request, reply) => {
      const { artifact, body } = await runs.artifact(
        actorOf(request).principal,
        request.params.runId,
        request.params.name,
      );
      return reply
        .header('content-type', artifact.contentType)
        .header('content-length', String(artifact.sizeBytes))
        .header('content-disposition', `attachment; filename="${artifact.name}"`)
        .send(body);
    },
  );
  r.get(
    '/api/v1/runs/:runId/events',
    {
      schema: {
        tags,
        summary: "A run's live events (Server-Sent Events)",
        description:
          'text/event-stream of state, progress, log and metrics events (see RunEvent); each has an `id`, so a client reconnecting with `Last-Event-ID` (or `?lastEventId=`) receives exactly what it missed. The stream ends after a final state.',
        params: RunParams,
        querystring: z.strictObject({ lastEventId: z.coerce.number().int().min(0).optional() }),
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const run = await runs.runForEvents(actorOf(request).principal, request.params.runId);
      const header = request.headers['last-event-id'];
      const fromHeader =
        typeof header === 'string' && /^\d{1,9}$/.test(header) ? Number(header) : null;
      await streamRunEvents(
        request,
        reply,
        run.id,
        fromHeader ?? request.query.lastEventId ?? 0,
        events,
      );
    },
  );
}
