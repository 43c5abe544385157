import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { JobLogLine, JobLogQuery, JobParams } from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import type { JobsService } from './jobs.service.js';

export function jobsRoutes(app: FastifyInstance, jobs: JobsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/jobs/:jobId/logs',
    {
      schema: {
        tags: ['jobs'],
        summary: "A background job's log, oldest line first",
        description:
          'Pass `nextCursor` back as `cursor` to read on; it is always set, so a client following a running job polls with it for new lines.',
        params: JobParams,
        querystring: JobLogQuery,
        response: { 200: z.object({ items: z.array(JobLogLine), nextCursor: z.string() }) },
      },
    },
    (request) => jobs.logs(actorOf(request).principal, request.params.jobId, request.query),
  );
}
