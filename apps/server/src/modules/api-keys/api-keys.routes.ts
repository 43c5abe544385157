import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiKey,
  ApiKeyParams,
  CreateApiKeyBody,
  CreatedApiKey,
  OrgParams,
  PageQuery,
  pageOf,
} from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { ApiKeysService } from './api-keys.service.js';

const tags = ['api-keys'];

export function apiKeysRoutes(app: FastifyInstance, apiKeys: ApiKeysService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/orgs/:orgId/api-keys',
    {
      schema: {
        tags,
        summary: 'Active API keys',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(ApiKey) },
      },
    },
    (request) => apiKeys.list(actorOf(request).principal, request.params.orgId, request.query),
  );
  r.post(
    '/api/v1/orgs/:orgId/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key (secret shown once)',
        params: OrgParams,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await apiKeys.create(actorOf(request), request.params.orgId, request.body)),
  );
  r.delete(
    '/api/v1/api-keys/:keyId',
    {
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: ApiKeyParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(actorOf(request), request.params.keyId);
      return reply.status(204).send(null);
    },
  );
}
