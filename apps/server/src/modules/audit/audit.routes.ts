import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditEvent, ListAuditEventsQuery, OrgParams, pageOf } from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { AuditService } from './audit.service.js';

export function auditRoutes(app: FastifyInstance, audit: AuditService) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/orgs/:orgId/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (owners and admins)',
        params: OrgParams,
        querystring: ListAuditEventsQuery,
        response: { 200: pageOf(AuditEvent) },
      },
    },
    (request) => audit.list(actorOf(request).principal, request.params.orgId, request.query),
  );
}
