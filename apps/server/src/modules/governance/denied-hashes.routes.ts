import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddDeniedHashBody,
  DeniedHash,
  DeniedHashParams,
  PageQuery,
  pageOf,
} from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { DeniedHashesService } from './denied-hashes.service.js';

const tags = ['instance'];

export function deniedHashesRoutes(app: FastifyInstance, denied: DeniedHashesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { auth: 'session' as const };

  r.get(
    '/api/v1/instance/denied-hashes',
    {
      config,
      schema: {
        tags,
        summary: 'File hashes no upload may match (instance administrator)',
        querystring: PageQuery,
        response: { 200: pageOf(DeniedHash) },
      },
    },
    (request) => denied.list(actorOf(request).principal, request.query),
  );
  r.post(
    '/api/v1/instance/denied-hashes',
    {
      config,
      schema: {
        tags,
        summary: 'Deny uploads of a file by its SHA-256',
        body: AddDeniedHashBody,
        response: { 201: DeniedHash },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await denied.add(actorOf(request), request.body)),
  );
  r.delete(
    '/api/v1/instance/denied-hashes/:deniedHashId',
    {
      config,
      schema: {
        tags,
        summary: 'Allow a denied hash again',
        params: DeniedHashParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await denied.remove(actorOf(request), request.params.deniedHashId);
      return reply.status(204).send(null);
    },
  );
}
