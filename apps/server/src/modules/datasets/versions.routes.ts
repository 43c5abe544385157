import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DatasetDiff,
  DatasetParams,
  DatasetVersion,
  DatasetVersionNumberParams,
  DiffQuery,
  UpdateSchemaBody,
} from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { VersionDiffService } from './version-diff.service.js';
import type { VersionSchemaService } from './version-schema.service.js';

const tags = ['datasets'];

/** Schema overrides of one version, and the diff between two. */
export function versionsRoutes(
  app: FastifyInstance,
  schemas: VersionSchemaService,
  diffs: VersionDiffService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.patch(
    '/api/v1/datasets/:datasetId/versions/:version/schema',
    {
      schema: {
        tags,
        summary: 'Override column types and roles of a ready version',
        description:
          'Each new type is checked against the data; a column some of whose values cannot take it is refused (422, naming the column). The version then answers with the effective schema, which training reads: its `target` column is the default target.',
        params: DatasetVersionNumberParams,
        body: UpdateSchemaBody,
        response: { 200: DatasetVersion },
      },
    },
    (request) =>
      schemas.updateSchema(
        actorOf(request),
        request.params.datasetId,
        request.params.version,
        request.body,
      ),
  );
  r.get(
    '/api/v1/datasets/:datasetId/diff',
    {
      schema: {
        tags,
        summary: 'What changed between two ready versions',
        description:
          'Schema changes, row counts, per-column profile deltas, and rows added and removed (by content hash) when both versions have at most 1,000,000 rows.',
        params: DatasetParams,
        querystring: DiffQuery,
        response: { 200: DatasetDiff },
      },
    },
    (request) => diffs.diff(actorOf(request).principal, request.params.datasetId, request.query),
  );
}
