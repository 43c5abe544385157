import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OrgParams, PiiPolicy, UpdatePiiPolicyBody } from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { PiiPolicyService } from './pii-policy.service.js';

const tags = ['governance'];

export function piiPolicyRoutes(app: FastifyInstance, policies: PiiPolicyService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/orgs/:orgId/pii-policy',
    {
      schema: {
        tags,
        summary: "The org's PII policy: what ingest does with each kind of personal data",
        params: OrgParams,
        response: { 200: PiiPolicy },
      },
    },
    (request) => policies.get(actorOf(request).principal, request.params.orgId),
  );
  r.put(
    '/api/v1/orgs/:orgId/pii-policy',
    {
      schema: {
        tags,
        summary: "Replace the org's PII policy (admins); applies to versions ingested from now on",
        params: OrgParams,
        body: UpdatePiiPolicyBody,
        response: { 200: PiiPolicy },
      },
    },
    (request) => policies.replace(actorOf(request), request.params.orgId, request.body),
  );
}
