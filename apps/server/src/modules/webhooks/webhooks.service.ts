import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_PING_EVENT,
  type CreateWebhookBody,
  type PageQuery,
  type UpdateWebhookBody,
  type Webhook,
  type WebhookDelivery,
  type WebhookWithSecret,
} from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { randomUUID } from 'node:crypto';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import type { ProjectAction } from '../../auth/policy.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../http/errors.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import { outboundUrlRefusal, type OutboundPolicy } from '../../infra/net/ssrf-guard.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { eventBody, type WebhookEvents } from './webhook-events.js';
import { WebhookSecretCipher } from './webhook-secret-cipher.js';
import {
  WebhooksRepository,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookRow,
} from './webhooks.repository.js';

function invalid(field: string, message: string): UnprocessableError {
  return new UnprocessableError(`${field}: ${message}`, [{ field, message }]);
}

const KNOWN_EVENTS = new Set<string>(WEBHOOK_EVENT_TYPES);

/** Subscriptions of URLs to a project's events, their secrets, and their delivery log. */
export class WebhooksService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly events: WebhookEvents,
    private readonly queue: JobQueue,
    private readonly cipher: WebhookSecretCipher,
    private readonly policy: OutboundPolicy,
  ) {}

  async create(
    actor: Actor,
    projectId: string,
    body: CreateWebhookBody,
  ): Promise<WebhookWithSecret> {
    const { project } = await this.projects.authorizeProject(
      actor.principal,
      projectId,
      'webhook.write',
    );
    const events = checkEvents(body.events);
    await this.#checkUrl(body.url);
    const secret = WebhookSecretCipher.generateSecret();
    const row = await this.transactions.run(async (tx, audit) => {
      const created = await new WebhooksRepository(tx).insertWebhook({
        orgId: project.orgId,
        projectId,
        url: body.url,
        events,
        description: body.description,
        secretCiphertext: this.cipher.encrypt(secret),
        createdBy: accountableUser(actor.principal),
      });
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'webhook.create',
        targetType: 'webhook',
        targetId: created.id,
        summary: `Added a webhook to ${created.url} for ${events.join(', ')}`,
      });
      return created;
    });
    return { ...toWebhook(row), secret };
  }

  async list(principal: Principal, projectId: string, query: PageQuery) {
    await this.projects.authorizeProject(principal, projectId, 'webhook.read');
    const rows = await new WebhooksRepository(this.db).findWebhookPage(
      projectId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toWebhook);
  }

  async get(principal: Principal, webhookId: string): Promise<Webhook> {
    return toWebhook(await this.#webhookFor(principal, webhookId, 'webhook.read'));
  }

  async update(actor: Actor, webhookId: string, body: UpdateWebhookBody): Promise<Webhook> {
    const found = await this.#webhookFor(actor.principal, webhookId, 'webhook.write');
    const events = body.events ? checkEvents(body.events) : undefined;
    if (body.url !== undefined) await this.#checkUrl(body.url);
    const reenabled = body.enabled === true && !found.enabled;
    const row = await this.transactions.run(async (tx, audit) => {
      const updated = await new WebhooksRepository(tx).updateWebhook(found.id, {
        url: body.url,
        events,
        description: body.description,
        enabled: body.enabled,
        ...(reenabled ? { disabledReason: null, consecutiveFailures: 0 } : {}),
      });
      const toggled = body.enabled !== undefined && body.enabled !== found.enabled;
      await audit.record(actor, {
        orgId: found.orgId,
        projectId: found.projectId,
        action: toggled ? (body.enabled ? 'webhook.enable' : 'webhook.disable') : 'webhook.update',
        targetType: 'webhook',
        targetId: found.id,
        summary: `${toggled ? (body.enabled ? 'Enabled' : 'Disabled') : 'Changed'} the webhook to ${updated.url}${describeChanges(found, updated)}`,
      });
      return updated;
    });
    return toWebhook(row);
  }

  async delete(actor: Actor, webhookId: string): Promise<void> {
    const found = await this.#webhookFor(actor.principal, webhookId, 'webhook.write');
    await this.transactions.run(async (tx, audit) => {
      await new WebhooksRepository(tx).deleteWebhook(found.id);
      await audit.record(actor, {
        orgId: found.orgId,
        projectId: found.projectId,
        action: 'webhook.delete',
        targetType: 'webhook',
        targetId: found.id,
        summary: `Deleted the webhook to ${found.url}`,
      });
    });
  }

  /** A new signing secret, shown once; the old one stops signing at once (retries included). */
  async rotateSecret(actor: Actor, webhookId: string): Promise<WebhookWithSecret> {
    const found = await this.#webhookFor(actor.principal, webhookId, 'webhook.write');
    const secret = WebhookSecretCipher.generateSecret();
    const row = await this.transactions.run(async (tx, audit) => {
      const updated = await new WebhooksRepository(tx).updateWebhook(found.id, {
        secretCiphertext: this.cipher.encrypt(secret),
      });
      await audit.record(actor, {
        orgId: found.orgId,
        projectId: found.projectId,
        action: 'webhook.rotate_secret',
        targetType: 'webhook',
        targetId: found.id,
        summary: `Rotated the signing secret of the webhook to ${found.url}`,
      });
      return updated;
    });
    return { ...toWebhook(row), secret };
  }

  async listDeliveries(principal: Principal, webhookId: string, query: PageQuery) {
    const found = await this.#webhookFor(principal, webhookId, 'webhook.read');
    const repo = new WebhooksRepository(this.db);
    const rows = await repo.findDeliveryPage(found.id, query.limit, decodeCursor(query.cursor));
    const attempts = await repo.findAttempts(rows.slice(0, query.limit).map((row) => row.id));
    return toPage(rows, query.limit, (row) =>
      toDelivery(
        row,
        attempts.filter((attempt) => attempt.deliveryId === row.id),
      ),
    );
  }

  /** Sends a logged delivery again under the same delivery id, even to a disabled webhook. */
  async resend(actor: Actor, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    const found = await this.#webhookFor(actor.principal, webhookId, 'webhook.write');
    const delivery = await new WebhooksRepository(this.db).findDelivery(deliveryId);
    if (!delivery || delivery.webhookId !== found.id) {
      throw new NotFoundError(`Delivery ${deliveryId} not found.`);
    }
    if (delivery.status === 'pending' || delivery.status === 'retrying') {
      throw new ConflictError(
        `Delivery ${deliveryId} is still ${delivery.status}; resend it once it has succeeded or failed.`,
      );
    }
    const row = await this.transactions.run(async (tx) => {
      const repo = new WebhooksRepository(tx);
      await repo.setDeliveryStatus(delivery.id, 'pending');
      const pending = { ...delivery, status: 'pending' as const };
      await this.events.enqueueDelivery(tx, pending, true);
      return pending;
    });
    this.queue.wake();
    return this.#withAttempts(row);
  }

  /** Queues a `ping` delivery to the webhook, whatever it subscribes to. */
  async sendTest(actor: Actor, webhookId: string): Promise<WebhookDelivery> {
    const found = await this.#webhookFor(actor.principal, webhookId, 'webhook.write');
    const body = eventBody({
      id: randomUUID(),
      type: WEBHOOK_PING_EVENT,
      projectId: found.projectId,
      data: { webhookId: found.id, message: 'A test delivery from AI Studio.' },
    });
    const row = await this.transactions.run(async (tx) => {
      const [delivery] = await new WebhooksRepository(tx).insertDeliveries([
        {
          orgId: found.orgId,
          projectId: found.projectId,
          webhookId: found.id,
          eventId: body.id,
          eventType: WEBHOOK_PING_EVENT,
          payload: body,
        },
      ]);
      await this.events.enqueueDelivery(tx, delivery!, true);
      return delivery!;
    });
    this.queue.wake();
    return toDelivery(row, []);
  }

  async #withAttempts(row: WebhookDeliveryRow): Promise<WebhookDelivery> {
    return toDelivery(row, await new WebhooksRepository(this.db).findAttempts([row.id]));
  }

  /** The webhook if the principal may do `action` on it; 404 (never 403) when they cannot see it. */
  async #webhookFor(
    principal: Principal,
    webhookId: string,
    action: ProjectAction,
  ): Promise<WebhookRow> {
    const row = await new WebhooksRepository(this.db).findWebhook(webhookId);
    const notFound = `Webhook ${webhookId} not found.`;
    if (!row) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(principal, row.projectId, action, notFound);
    return row;
  }

  async #checkUrl(url: string): Promise<void> {
    const refusal = await outboundUrlRefusal(url, this.policy);
    if (refusal) throw invalid('url', refusal);
  }
}

function checkEvents(events: string[]): string[] {
  for (const [i, event] of events.entries()) {
    if (!KNOWN_EVENTS.has(event)) {
      throw invalid(
        `events[${i}]`,
        `"${event}" is not an event; use one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
      );
    }
  }
  return [...new Set(events)];
}

function describeChanges(before: WebhookRow, after: WebhookRow): string {
  const changes: string[] = [];
  if (before.url !== after.url) changes.push(`url from ${before.url}`);
  if (before.events.join() !== after.events.join()) {
    changes.push(`events from ${before.events.join(', ')} to ${after.events.join(', ')}`);
  }
  if (before.description !== after.description) changes.push('description');
  return changes.length > 0 ? ` (${changes.join('; ')})` : '';
}

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    projectId: row.projectId,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function toDelivery(row: WebhookDeliveryRow, attempts: WebhookAttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    payload: row.payload,
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      responseExcerpt: attempt.responseExcerpt,
      error: attempt.error,
      startedAt: iso(attempt.startedAt),
    })),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
