import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateWebhookBody,
  PageQuery,
  ProjectParams,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryParams,
  WebhookParams,
  WebhookWithSecret,
  pageOf,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import type { WebhooksService } from './webhooks.service.js';

const tags = ['webhooks'];

/** Webhook subscriptions of a project and their signed, retried, logged deliveries. */
export function webhooksRoutes(app: FastifyInstance, webhooks: WebhooksService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/projects/:projectId/webhooks',
    {
      schema: {
        tags,
        summary: "Subscribe a URL to the project's events",
        description:
          'Answers the signing secret once. Each delivery is a POST signed with `x-aistudio-signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, retried with exponential backoff.',
        params: ProjectParams,
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecret },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await webhooks.create(actorOf(request), request.params.projectId, request.body)),
  );
  r.get(
    '/api/v1/projects/:projectId/webhooks',
    {
      schema: {
        tags,
        summary: "List a project's webhooks",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: pageOf(Webhook) },
      },
    },
    (request) => webhooks.list(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/webhooks/:webhookId',
    {
      schema: { tags, summary: 'Get a webhook', params: WebhookParams, response: { 200: Webhook } },
    },
    (request) => webhooks.get(actorOf(request).principal, request.params.webhookId),
  );
  r.patch(
    '/api/v1/webhooks/:webhookId',
    {
      schema: {
        tags,
        summary: "Change a webhook's URL, events or description, or disable and enable it",
        params: WebhookParams,
        body: UpdateWebhookBody,
        response: { 200: Webhook },
      },
    },
    (request) => webhooks.update(actorOf(request), request.params.webhookId, request.body),
  );
  r.delete(
    '/api/v1/webhooks/:webhookId',
    {
      schema: {
        tags,
        summary: 'Delete a webhook and its delivery log',
        params: WebhookParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await webhooks.delete(actorOf(request), request.params.webhookId);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/webhooks/:webhookId/rotate-secret',
    {
      schema: {
        tags,
        summary: 'Replace the signing secret (answered once)',
        params: WebhookParams,
        response: { 200: WebhookWithSecret },
      },
    },
    (request) => webhooks.rotateSecret(actorOf(request), request.params.webhookId),
  );
  r.get(
    '/api/v1/webhooks/:webhookId/deliveries',
    {
      schema: {
        tags,
        summary: "A webhook's deliveries, newest first, each with its attempts",
        params: WebhookParams,
        querystring: PageQuery,
        response: { 200: pageOf(WebhookDelivery) },
      },
    },
    (request) =>
      webhooks.listDeliveries(actorOf(request).principal, request.params.webhookId, request.query),
  );
  r.post(
    '/api/v1/webhooks/:webhookId/deliveries/:deliveryId/resend',
    {
      schema: {
        tags,
        summary: 'Send a delivery again (same delivery id, new attempts)',
        params: WebhookDeliveryParams,
        response: { 202: WebhookDelivery },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await webhooks.resend(
            actorOf(request),
            request.params.webhookId,
            request.params.deliveryId,
          ),
        ),
  );
  r.post(
    '/api/v1/webhooks/:webhookId/test',
    {
      schema: {
        tags,
        summary: 'Send a `ping` event to the webhook',
        params: WebhookParams,
        response: { 202: WebhookDelivery },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await webhooks.sendTest(actorOf(request), request.params.webhookId)),
  );
}
