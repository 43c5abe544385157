import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '@aistudio/db';
import { AppError } from '../../http/errors.js';

class NotReadyError extends AppError {
  readonly status = 503;
  readonly code = 'not_ready';
  readonly title = 'Not ready';
}

const Status = z.object({ status: z.literal('ok') });

/** Liveness (the process answers) and readiness (the database answers). */
export function healthRoutes(app: FastifyInstance, database: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    { config: { auth: 'public' }, schema: { tags: ['health'], response: { 200: Status } } },
    async () => ({
      status: 'ok' as const,
    }),
  );
  r.get(
    '/readyz',
    { config: { auth: 'public' }, schema: { tags: ['health'], response: { 200: Status } } },
    async () => {
      try {
        await database.ping();
      } catch {
        throw new NotReadyError('The database is not reachable.');
      }
      return { status: 'ok' as const };
    },
  );
}
