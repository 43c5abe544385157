import { randomUUID } from 'node:crypto';
import type { WebhookDeliveryPayload, WebhookEventType } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import { WebhooksRepository, type WebhookDeliveryRow } from './webhooks.repository.js';

export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';

/** Something that happened in a project, as webhooks receive it under `data`. */
export interface PlatformEvent {
  readonly orgId: string;
  readonly projectId: string;
  readonly type: WebhookEventType;
  readonly data: Record<string, unknown>;
}

/** The JSON body every delivery sends. */
export function eventBody(event: { id: string; type: string; projectId: string; data: unknown }) {
  return {
    id: event.id,
    type: event.type,
    createdAt: new Date().toISOString(),
    projectId: event.projectId,
    data: event.data,
  };
}

/**
 * The one way modules emit platform events: `publish(tx, event)` inside the transaction of the
 * change writes one delivery (and its job) per subscribed webhook, so an event exists exactly when
 * its change commits. It never fails the caller: a broken outbox write is logged and dropped.
 */
export class WebhookEvents {
  constructor(
    private readonly queue: JobQueue,
    private readonly options: { maxAttempts: number; onError: (error: unknown) => void },
  ) {}

  async publish(tx: Db, event: PlatformEvent): Promise<void> {
    try {
      // A savepoint: on PostgreSQL a failed statement would otherwise abort the caller's transaction.
      await tx.transaction(async (savepoint) => {
        const repo = new WebhooksRepository(savepoint);
        const subscribers = await repo.findSubscribers(event.projectId, event.type);
        const body = eventBody({ ...event, id: randomUUID() });
        const deliveries = await repo.insertDeliveries(
          subscribers.map((webhook) => ({
            orgId: event.orgId,
            projectId: event.projectId,
            webhookId: webhook.id,
            eventId: body.id,
            eventType: event.type,
            payload: body,
          })),
        );
        for (const delivery of deliveries) await this.enqueueDelivery(savepoint, delivery);
      });
    } catch (error) {
      this.options.onError(error);
      return;
    }
    this.#wakeSoon();
  }

  /** Queues the job that sends (or re-sends) one delivery. */
  async enqueueDelivery(tx: Db, delivery: WebhookDeliveryRow, manual = false): Promise<void> {
    const payload: WebhookDeliveryPayload = { v: 1, deliveryId: delivery.id, manual };
    await this.queue.enqueue(tx, {
      orgId: delivery.orgId,
      projectId: delivery.projectId,
      kind: WEBHOOK_DELIVERY_JOB,
      payload,
      targetType: 'webhook_delivery',
      targetId: delivery.id,
      maxAttempts: this.options.maxAttempts,
      // Ahead of queued trainings of the org: a delivery takes a moment, a training minutes.
      priority: 10,
    });
  }

  // The rows commit with the caller's transaction, which is not ours to await: a wake shortly
  // after finds them in the usual case, and the queue's poll finds the rest.
  #wakeSoon(): void {
    setTimeout(() => this.queue.wake(), 50).unref();
  }
}
