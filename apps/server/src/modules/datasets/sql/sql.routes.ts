import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ProjectParams, SqlQueryBody, SqlResult } from '@aistudio/contracts';
import { actorOf } from '../../../http/authenticate.js';
import type { SqlService } from './sql.service.js';

export function sqlRoutes(app: FastifyInstance, sql: SqlService) {
  app.withTypeProvider<ZodTypeProvider>().post(
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
}
