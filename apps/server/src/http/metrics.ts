import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { constantTimeEqual } from '../auth/secrets.js';
import { UnauthorizedError } from './errors.js';

/**
 * Prometheus metrics: request count and latency by route and status, plus process metrics. Returns
 * the registry, so modules can add their own (per-deployment serving metrics).
 */
export function registerMetrics(app: FastifyInstance, token: string | null): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids in paths would explode label cardinality.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: reply.statusCode,
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    { schema: { hide: true }, config: { auth: 'public' } },
    async (request, reply) => {
      // Scrapers authenticate with a static token of their own, not a user's API key.
      if (token && !constantTimeEqual(request.headers.authorization ?? '', `Bearer ${token}`)) {
        throw new UnauthorizedError(
          'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".',
        );
      }
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
  return registry;
}
