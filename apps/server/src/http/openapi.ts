import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '@aistudio/contracts';

const problemJson = z.toJSONSchema(Problem, { target: 'openapi-3.0' });

/** OpenAPI 3.1 from the routes' zod schemas, at /api/openapi.json, with a docs UI at /api/docs. */
export async function registerOpenApi(app: FastifyInstance, version: string) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'AI Studio API',
        version,
        description:
          'Errors are RFC 9457 application/problem+json. Authenticate with the session cookie (plus x-csrf-token on writes) or "Authorization: Bearer <api key>".',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'aistudio_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (ais_…)' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const schema = out.schema as { response?: Record<string, unknown> } | undefined;
      if (schema && input.url.startsWith('/api/v1')) {
        schema.response = {
          ...schema.response,
          '4XX': {
            description: 'Problem details (RFC 9457)',
            content: { 'application/problem+json': { schema: problemJson } },
          },
        };
      }
      if (input.route.config?.auth === 'public')
        (out.schema as Record<string, unknown>).security = [];
      return out;
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, () =>
    app.swagger(),
  );
}
