import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DerivedVersionAccepted,
  ProjectParams,
  SaveSqlBody,
  SqlQueryBody,
  SqlResult,
} from '@aistudio/contracts';
import { actorOf } from '../../../http/authenticate.js';
import type { SqlService } from './sql.service.js';

export function sqlRoutes(app: FastifyInstance, sql: SqlService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/projects/:projectId/sql',
    {
      schema: {
        tags: ['datasets'],
        summary: "Run a read-only SQL query over the project's datasets",
        description:
          'One SELECT (or WITH … SELECT) in DuckDB SQL. Each dataset with a ready version is a table named ' +
          'after it (its latest ready version); `"name@3"` reads version 3. Files, URLs, settings and other ' +
          'projects are out of reach; the query stops at the statement timeout. `sources` lists the versions read.',
        params: ProjectParams,
        body: SqlQueryBody,
        response: { 200: SqlResult },
      },
    },
    (request) => sql.query(actorOf(request).principal, request.params.projectId, request.body),
  );
  r.post(
    '/api/v1/projects/:projectId/sql/save',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Save the result of a read-only SQL query as a new dataset version',
        description:
          'Runs the query in full (no row cap; same sandbox and timeout as /sql) into Parquet and records it ' +
          'as the next version of `datasetId`, or of the dataset named `datasetName` (created when absent). ' +
          'Lineage lists the query and every version read; the licence is the most restrictive of theirs. ' +
          'Ingest then profiles and governs the version (`jobId`).',
        params: ProjectParams,
        body: SaveSqlBody,
        response: { 202: DerivedVersionAccepted },
      },
    },
    async (request, reply) => {
      const saved = await sql.saveAsVersion(
        actorOf(request),
        request.params.projectId,
        request.body,
      );
      return reply.code(202).send(saved);
    },
  );
}
