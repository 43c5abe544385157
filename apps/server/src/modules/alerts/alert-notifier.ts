import nodemailer from 'nodemailer';
import type { AlertNotification } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { sendGuardedRequest } from '../../infra/net/guarded-request.js';
import { OutboundTargetError, type OutboundPolicy } from '../../infra/net/ssrf-guard.js';
import { JobFailure, TransientJobError } from '../../infra/queue/job-queue.js';
import { eventBody } from '../webhooks/webhook-events.js';
import type { WebhookSecretCipher } from '../webhooks/webhook-secret-cipher.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
} from '../webhooks/webhook-signature.js';
import { alertNotification, emailMessage, slackMessage } from './alert-notification.js';
import { notifiedAs } from './alert-state.js';
import { AlertsRepository, type AlertChannelRow } from './alerts.repository.js';

export interface AlertNotifierOptions {
  readonly outbound: OutboundPolicy;
  readonly timeoutMs: number;
  readonly smtp: { url: string; from: string } | null;
}

/**
 * Sends one state change to one channel. A failure that may pass (refused connection, 5xx, SMTP
 * down) throws TransientJobError so the job retries with backoff; evaluation never waits for it.
 */
export class AlertNotifier {
  constructor(
    private readonly db: Db,
    private readonly cipher: WebhookSecretCipher,
    private readonly options: AlertNotifierOptions,
  ) {}

  async deliver(eventId: string, channelId: string, log: (line: string) => void): Promise<void> {
    const repo = new AlertsRepository(this.db);
    const event = await repo.findEvent(eventId);
    const rule = event && (await repo.findRule(event.ruleId));
    const channel = await repo.findChannel(channelId);
    const type = event && notifiedAs(event.fromState, event.toState);
    // Deleted since (rule, channel): nothing to tell anyone, and retrying will not change that.
    if (!event || !rule || !channel || !type) {
      log('the alert event, its rule or the channel no longer exists; nothing sent');
      return;
    }
    const notification = alertNotification(type, rule, event);
    try {
      await this.#send(channel, notification, event.id);
    } catch (error) {
      if (error instanceof JobFailure) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof OutboundTargetError && error.kind === 'refused') {
        throw new JobFailure(`${channel.kind} channel "${channel.name}": ${reason}`);
      }
      throw new TransientJobError(`${channel.kind} channel "${channel.name}": ${reason}`);
    }
    log(`sent ${type} to ${channel.kind} channel "${channel.name}"`);
  }

  async #send(channel: AlertChannelRow, notification: AlertNotification, eventId: string) {
    switch (channel.kind) {
      case 'webhook': {
        const body = JSON.stringify(
          eventBody({
            id: eventId,
            type: notification.type,
            projectId: notification.projectId,
            data: notification,
          }),
        );
        return this.#post(channel.url!, body, {
          [SIGNATURE_HEADER]: signWebhookBody(this.cipher.decrypt(channel.secretCiphertext!), body),
          [EVENT_HEADER]: notification.type,
          [DELIVERY_HEADER]: `${eventId}.${channel.id}`,
        });
      }
      case 'slack':
        return this.#post(channel.url!, JSON.stringify(slackMessage(notification)), {});
      case 'email':
        return this.#mail(channel.recipients, notification);
    }
  }

  async #post(url: string, body: string, headers: Record<string, string>) {
    const response = await sendGuardedRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AIStudio-Alerts/1',
          ...headers,
        },
        body,
        timeoutMs: this.options.timeoutMs,
        maxResponseBytes: 512,
      },
      this.options.outbound,
    );
    if (response.status < 200 || response.status >= 300) {
      throw new Error(`answered ${response.status}: ${response.bodyExcerpt.slice(0, 200)}`);
    }
  }

  async #mail(recipients: string[], notification: AlertNotification) {
    if (!this.options.smtp) throw new JobFailure('SMTP_URL is not configured on the server');
    const transport = nodemailer.createTransport(this.options.smtp.url);
    try {
      await transport.sendMail({
        from: this.options.smtp.from,
        to: recipients,
        ...emailMessage(notification),
      });
    } finally {
      transport.close();
    }
  }
}
