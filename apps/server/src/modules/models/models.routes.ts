import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AliasHistoryEntry,
  CreateModelBody,
  CreateModelVersionBody,
  DatasetVersionParams,
  DownloadQuery,
  LicenseOverrideBody,
  Lineage,
  ListModelsQuery,
  ModelAlias,
  ModelAliasParams,
  ModelCard,
  ModelParams,
  ModelVersion,
  ModelVersionParams,
  PageQuery,
  ProjectParams,
  RegisteredModel,
  SetAliasBody,
  UpdateModelBody,
  UpdateModelCardBody,
  UpdateModelVersionBody,
  pageOf,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import type { ModelLineageService } from './model-lineage.service.js';
import type { ModelVersionsService } from './model-versions.service.js';
import type { ModelsService } from './models.service.js';

const tags = ['models'];

/** The model registry: models, versions, aliases, cards, lineage and licence-checked export. */
export function modelsRoutes(
  app: FastifyInstance,
  models: ModelsService,
  versions: ModelVersionsService,
  lineage: ModelLineageService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/projects/:projectId/models',
    {
      schema: {
        tags,
        summary: 'Register a model (a named line of versions)',
        params: ProjectParams,
        body: CreateModelBody,
        response: { 201: RegisteredModel },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await models.create(actorOf(request), request.params.projectId, request.body)),
  );
  r.get(
    '/api/v1/projects/:projectId/models',
    {
      schema: {
        tags,
        summary: "Search a project's registered models",
        params: ProjectParams,
        querystring: ListModelsQuery,
        response: { 200: pageOf(RegisteredModel) },
      },
    },
    (request) => models.list(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/models/:modelId',
    {
      schema: {
        tags,
        summary: 'Get a registered model',
        params: ModelParams,
        response: { 200: RegisteredModel },
      },
    },
    (request) => models.get(actorOf(request).principal, request.params.modelId),
  );
  r.patch(
    '/api/v1/models/:modelId',
    {
      schema: {
        tags,
        summary: 'Rename a model or edit its description or tags',
        params: ModelParams,
        body: UpdateModelBody,
        response: { 200: RegisteredModel },
      },
    },
    (request) => models.update(actorOf(request), request.params.modelId, request.body),
  );
  r.delete(
    '/api/v1/models/:modelId',
    {
      schema: {
        tags,
        summary: 'Delete a model with its versions, aliases and files',
        params: ModelParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await models.delete(actorOf(request), request.params.modelId);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/models/:modelId/versions',
    {
      schema: {
        tags,
        summary: 'Register a succeeded run as the next version',
        description:
          "Records the run, its dataset version, metrics, parameters, task, input schema and engine version; copies its files (the version outlives the run); inherits the data's licence; generates the model card.",
        params: ModelParams,
        body: CreateModelVersionBody,
        response: { 201: ModelVersion },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await versions.createFromRun(actorOf(request), request.params.modelId, request.body)),
  );
  r.post(
    '/api/v1/models/:modelId/versions/onnx',
    {
      schema: {
        tags,
        summary: 'Register an ONNX file trained elsewhere as the next version',
        description:
          "multipart/form-data with parts `file` (the .onnx file), `license` (SPDX id of the training data's licence, see GET /api/v1/licenses), and optionally `description`, `tags` (JSON object) and `inputSchema` (JSON array of `{name, kind, categories?}` correcting the schema read from the graph). The file is loaded in ONNX Runtime: a corrupt file or unsupported operators answer 422.",
        consumes: ['multipart/form-data'],
        params: ModelParams,
        response: { 201: ModelVersion },
      },
    },
    async (request, reply) => {
      try {
        const created = await versions.createFromOnnx(
          actorOf(request),
          request.params.modelId,
          request,
        );
        return await reply.status(201).send(created);
      } catch (error) {
        // The rest of a refused upload may still be arriving; do not read it.
        void reply.header('connection', 'close');
        throw error;
      }
    },
  );
  r.get(
    '/api/v1/models/:modelId/versions',
    {
      schema: {
        tags,
        summary: "A model's versions, newest first",
        params: ModelParams,
        querystring: PageQuery,
        response: { 200: pageOf(ModelVersion) },
      },
    },
    (request) => versions.list(actorOf(request).principal, request.params.modelId, request.query),
  );
  r.get(
    '/api/v1/models/:modelId/versions/:version',
    {
      schema: {
        tags,
        summary: 'Get a version by number or alias',
        params: ModelVersionParams,
        response: { 200: ModelVersion },
      },
    },
    (request) =>
      versions.get(actorOf(request).principal, request.params.modelId, request.params.version),
  );
  r.patch(
    '/api/v1/models/:modelId/versions/:version',
    {
      schema: {
        tags,
        summary: "Edit a version's description or tags (everything else is immutable)",
        params: ModelVersionParams,
        body: UpdateModelVersionBody,
        response: { 200: ModelVersion },
      },
    },
    (request) =>
      versions.update(
        actorOf(request),
        request.params.modelId,
        request.params.version,
        request.body,
      ),
  );
  r.get(
    '/api/v1/models/:modelId/versions/:version/card',
    {
      schema: {
        tags,
        summary: "A version's model card (Markdown with Hugging Face front matter)",
        params: ModelVersionParams,
        response: { 200: ModelCard },
      },
    },
    async (request) => {
      const card = await versions.card(
        actorOf(request).principal,
        request.params.modelId,
        request.params.version,
      );
      return { markdown: card.markdown, updatedAt: card.updatedAt };
    },
  );
  r.get(
    '/api/v1/models/:modelId/versions/:version/card/download',
    {
      schema: {
        tags,
        summary: 'Download the model card as README.md',
        params: ModelVersionParams,
        produces: ['text/markdown'],
      },
    },
    async (request, reply) => {
      const { markdown } = await versions.card(
        actorOf(request).principal,
        request.params.modelId,
        request.params.version,
      );
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', 'attachment; filename="README.md"')
        .send(markdown);
    },
  );
  r.put(
    '/api/v1/models/:modelId/versions/:version/card',
    {
      schema: {
        tags,
        summary: 'Replace the model card',
        description: 'Its YAML front matter, if any, must parse (422 naming `markdown` if not).',
        params: ModelVersionParams,
        body: UpdateModelCardBody,
        response: { 200: ModelCard },
      },
    },
    (request) =>
      versions.updateCard(
        actorOf(request),
        request.params.modelId,
        request.params.version,
        request.body.markdown,
      ),
  );
  r.get(
    '/api/v1/models/:modelId/versions/:version/lineage',
    {
      schema: {
        tags,
        summary: 'A version in context: its data and run, its deployments and scoring outputs',
        params: ModelVersionParams,
        response: { 200: Lineage },
      },
    },
    (request) =>
      lineage.ofModelVersion(
        actorOf(request).principal,
        request.params.modelId,
        request.params.version,
      ),
  );
  r.get(
    '/api/v1/dataset-versions/:versionId/lineage',
    {
      schema: {
        tags,
        summary:
          'What came of a dataset version: runs, model versions, deployments, scoring outputs',
        description:
          'Downstream: runs trained on it, the versions they became, the deployments serving those, and the dataset versions batch scoring wrote from it. Upstream, when batch scoring wrote it: the model version and input that made it.',
        params: DatasetVersionParams,
        response: { 200: Lineage },
      },
    },
    (request) => lineage.ofDatasetVersion(actorOf(request).principal, request.params.versionId),
  );
  r.get(
    '/api/v1/models/:modelId/versions/:version/download',
    {
      schema: {
        tags,
        summary: 'Export a version as engine JSON, ONNX or a browser bundle (zip)',
        description:
          "Refused (403, code `license_restricted`) when the training data's licence forbids it (non-commercial, research-only, no-derivatives) unless an org admin recorded an override.",
        params: ModelVersionParams,
        querystring: DownloadQuery,
      },
    },
    async (request, reply) => {
      const file = await versions.download(
        actorOf(request).principal,
        request.params.modelId,
        request.params.version,
        request.query.format,
      );
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.sizeBytes))
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );
  r.post(
    '/api/v1/models/:modelId/versions/:version/licence-override',
    {
      schema: {
        tags,
        summary: "Allow export and deployment despite the data's licence (org admins)",
        description: 'The reason is kept on the version and in the audit log.',
        params: ModelVersionParams,
        body: LicenseOverrideBody,
        response: { 200: ModelVersion },
      },
    },
    (request) =>
      versions.overrideLicense(
        actorOf(request),
        request.params.modelId,
        request.params.version,
        request.body.reason,
      ),
  );

  r.put(
    '/api/v1/models/:modelId/aliases/:alias',
    {
      schema: {
        tags,
        summary: 'Point an alias (champion, challenger, …) at a ready version',
        description: 'Every move is kept in the alias history.',
        params: ModelAliasParams,
        body: SetAliasBody,
        response: { 200: ModelAlias },
      },
    },
    (request) =>
      models.setAlias(
        actorOf(request),
        request.params.modelId,
        request.params.alias,
        request.body.version,
      ),
  );
  r.delete(
    '/api/v1/models/:modelId/aliases/:alias',
    {
      schema: {
        tags,
        summary: 'Remove an alias',
        params: ModelAliasParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await models.deleteAlias(actorOf(request), request.params.modelId, request.params.alias);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/models/:modelId/aliases/:alias/history',
    {
      schema: {
        tags,
        summary: 'Who pointed an alias where, and when (newest first)',
        params: ModelAliasParams,
        querystring: PageQuery,
        response: { 200: pageOf(AliasHistoryEntry) },
      },
    },
    (request) =>
      models.aliasHistory(
        actorOf(request).principal,
        request.params.modelId,
        request.params.alias,
        request.query,
      ),
  );
}
