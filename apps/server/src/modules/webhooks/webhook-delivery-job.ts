import { WebhookDeliveryPayload } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { sendGuardedRequest } from '../../infra/net/guarded-request.js';
import { OutboundTargetError, type OutboundPolicy } from '../../infra/net/ssrf-guard.js';
import { JobFailure, TransientJobError, type JobHandler } from '../../infra/queue/job-queue.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { WebhookSecretCipher } from './webhook-secret-cipher.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
} from './webhook-signature.js';
import {
  WebhooksRepository,
  type WebhookDeliveryRow,
  type WebhookRow,
} from './webhooks.repository.js';

/** The most of a receiver's answer kept in the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface DeliverySettings {
  readonly timeoutMs: number;
  readonly disableAfterFailures: number;
  readonly policy: OutboundPolicy;
}

interface AttemptOutcome {
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
  /** No later attempt can do better (the guard refuses the target). */
  final: boolean;
}

async function attemptDelivery(
  webhook: WebhookRow,
  delivery: WebhookDeliveryRow,
  secret: string,
  settings: DeliverySettings,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const body = JSON.stringify(delivery.payload);
  try {
    const response = await sendGuardedRequest(
      webhook.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AIStudio-Webhooks/1',
          [EVENT_HEADER]: delivery.eventType,
          [DELIVERY_HEADER]: delivery.id,
          [SIGNATURE_HEADER]: signWebhookBody(secret, body),
        },
        body,
        timeoutMs: settings.timeoutMs,
        maxResponseBytes: RESPONSE_EXCERPT_BYTES,
        signal,
      },
      settings.policy,
    );
    const redirected = response.status >= 300 && response.status < 400;
    return {
      statusCode: response.status,
      responseExcerpt: response.bodyExcerpt,
      error: redirected ? `redirect to ${response.location ?? '?'} not followed` : null,
      final: false,
    };
  } catch (error) {
    const refused = error instanceof OutboundTargetError && error.kind === 'refused';
    return {
      statusCode: null,
      responseExcerpt: null,
      error: refused ? `refused: ${error.message}` : (error as Error).message,
      final: refused,
    };
  }
}

/** The attempt, or why none was made (a disabled webhook, a secret sealed under another key). */
async function sendOrExplain(
  webhook: WebhookRow,
  delivery: WebhookDeliveryRow,
  manual: boolean,
  cipher: WebhookSecretCipher,
  settings: DeliverySettings,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const notSent = (why: string) => ({
    statusCode: null,
    responseExcerpt: null,
    error: `not sent: ${why}`,
    final: true,
  });
  if (!webhook.enabled && !manual) return notSent('the webhook is disabled');
  let secret: string;
  try {
    secret = cipher.decrypt(webhook.secretCiphertext);
  } catch {
    return notSent(
      'the signing secret cannot be decrypted (was AISTUDIO_SECRET_KEY changed?); rotate the secret',
    );
  }
  return attemptDelivery(webhook, delivery, secret, settings, signal);
}

/**
 * Sends one delivery, logs the attempt, and retries (TransientJobError, the queue's exponential
 * backoff) until the job's attempts are used up; a delivery that fails for good counts against its
 * webhook, which is disabled, with an audit event, after `disableAfterFailures` in a row.
 */
export function webhookDeliveryHandler(
  db: Db,
  transactions: AuditedTransactions,
  cipher: WebhookSecretCipher,
  settings: DeliverySettings,
): JobHandler {
  return async (job, ctx) => {
    const { deliveryId, manual } = WebhookDeliveryPayload.parse(job.payload);
    const repo = new WebhooksRepository(db);
    const delivery = await repo.findDelivery(deliveryId);
    // Gone with its webhook, or already settled by an earlier run of this job.
    if (!delivery || delivery.status === 'succeeded' || delivery.status === 'failed') return;
    const webhook = await repo.findWebhook(delivery.webhookId);
    if (!webhook) return;
    const startedAt = new Date();
    const started = performance.now();
    const outcome = await sendOrExplain(webhook, delivery, manual, cipher, settings, ctx.signal);
    // Shutdown or cancel: the queue runs the job again, and this half attempt is not logged.
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const lastTry = outcome.final || job.attempts >= job.maxAttempts;
    await transactions.run(async (tx, audit) => {
      const repoTx = new WebhooksRepository(tx);
      await repoTx.insertAttempt({
        deliveryId,
        attempt: (await repoTx.countAttempts(deliveryId)) + 1,
        statusCode: outcome.statusCode,
        durationMs: Math.round(performance.now() - started),
        responseExcerpt: outcome.responseExcerpt,
        error: outcome.error,
        startedAt,
      });
      await repoTx.setDeliveryStatus(
        deliveryId,
        ok ? 'succeeded' : lastTry ? 'failed' : 'retrying',
      );
      const current = await repoTx.findWebhook(webhook.id, { lock: true });
      if (!current) return;
      if (ok && current.consecutiveFailures > 0) {
        await repoTx.updateWebhook(current.id, { consecutiveFailures: 0 });
      }
      if (ok || !lastTry || manual || !current.enabled) return;
      const failures = current.consecutiveFailures + 1;
      if (failures < settings.disableAfterFailures) {
        await repoTx.updateWebhook(current.id, { consecutiveFailures: failures });
        return;
      }
      const reason = `disabled after ${failures} failed deliveries in a row (last: ${outcome.error ?? `HTTP ${outcome.statusCode}`})`;
      await repoTx.updateWebhook(current.id, {
        consecutiveFailures: failures,
        enabled: false,
        disabledReason: reason,
      });
      await audit.record(null, {
        orgId: current.orgId,
        projectId: current.projectId,
        action: 'webhook.disable',
        targetType: 'webhook',
        targetId: current.id,
        summary: `Webhook to ${current.url} ${reason}`,
      });
    });
    ctx.log(
      `attempt ${job.attempts}/${job.maxAttempts} to ${webhook.url}: ${outcome.statusCode ?? outcome.error}`,
      ok ? 'info' : 'warn',
    );
    if (ok) return;
    const failure = `${webhook.url}: ${outcome.statusCode !== null ? `HTTP ${outcome.statusCode}` : outcome.error}`;
    throw lastTry ? new JobFailure(failure) : new TransientJobError(failure);
  };
}
