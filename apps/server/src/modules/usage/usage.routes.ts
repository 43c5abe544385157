import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OrgParams, OrgUsage, UsageQuery } from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { UsageService } from './usage.service.js';

export function usageRoutes(app: FastifyInstance, usage: UsageService) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/orgs/:orgId/usage',
    {
      schema: {
        tags: ['usage'],
        summary: 'Compute used per project (owners and admins)',
        description:
          'Seconds of training (per run, across pauses and resumes) and of other background jobs that finished in the window, by project.',
        params: OrgParams,
        querystring: UsageQuery,
        response: { 200: OrgUsage },
      },
    },
    (request) => usage.orgUsage(actorOf(request).principal, request.params.orgId, request.query),
  );
}
