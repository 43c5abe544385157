import { z } from 'zod';
import { Id, Text, Timestamp } from './common.js';

/** Events a webhook may subscribe to (MLflow's names where the two overlap). */
export const WEBHOOK_EVENT_TYPES = [
  'dataset_version.created',
  'dataset_version.review_requested',
  'run.succeeded',
  'run.failed',
  'model_version.created',
  'model_version_alias.updated',
  'deployment.updated',
  'alert.firing',
  'alert.resolved',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The event `POST /webhooks/{id}/test` sends; never subscribed to, always deliverable. */
export const WEBHOOK_PING_EVENT = 'ping';

export const WebhookUrl = Text()
  .max(2048)
  .describe(
    'http(s) URL without credentials; it must resolve to a public address (loopback only when the server allows it).',
  );

// Names are checked by the service, so an unknown one answers 422 naming `events[i]`.
const WebhookEvents = z
  .array(z.string().max(100))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .describe(`One or more of: ${WEBHOOK_EVENT_TYPES.join(', ')}.`);

export const CreateWebhookBody = z.strictObject({
  url: WebhookUrl,
  events: WebhookEvents,
  description: Text().trim().max(500).default(''),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .strictObject({
    url: WebhookUrl.optional(),
    events: WebhookEvents.optional(),
    description: Text().trim().max(500).optional(),
    enabled: z
      .boolean()
      .optional()
      .describe('false pauses deliveries; true re-enables and resets the failure count.'),
  })
  .refine((body) => Object.keys(body).length > 0, {
    error: 'send at least one of url, events, description or enabled',
  });
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const WebhookParams = z.strictObject({ webhookId: Id });
export const WebhookDeliveryParams = z.strictObject({ webhookId: Id, deliveryId: Id });

export const Webhook = z.object({
  id: Id,
  projectId: Id,
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  enabled: z.boolean(),
  /** Why the server disabled it (repeated failures), or null. */
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Webhook = z.infer<typeof Webhook>;

/** Returned by create and rotate only: the signing secret is never shown again. */
export const WebhookWithSecret = Webhook.extend({
  secret: z
    .string()
    .describe(
      'Signing secret: verify `x-aistudio-signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with it.',
    ),
});
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;

export const WebhookDeliveryAttempt = z.object({
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  responseExcerpt: z.string().nullable().describe('The first kilobyte of the response body.'),
  error: z.string().nullable(),
  startedAt: Timestamp,
});

export const WebhookDelivery = z.object({
  id: Id.describe('Sent as x-aistudio-delivery; the same on every retry and resend.'),
  webhookId: Id,
  eventId: Id.describe('One event delivered to several webhooks shares this id.'),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  payload: z.record(z.string(), z.unknown()).describe('The JSON body sent.'),
  attempts: z.array(WebhookDeliveryAttempt).describe('Every attempt, oldest first.'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** Payload of a webhook delivery job (version 1). */
export const WebhookDeliveryPayload = z.object({
  v: z.literal(1),
  deliveryId: Id,
  /** A test or resend someone asked for: sent even to a disabled webhook, not counted as a failure. */
  manual: z.boolean().default(false),
});
export type WebhookDeliveryPayload = z.infer<typeof WebhookDeliveryPayload>;
