import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import {
  WEBHOOK_PING_EVENT,
  type AlertChannelTestResult,
  type AlertNotification,
} from '@aistudio/contracts';
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
import {
  alertNotification,
  emailMessage,
  emailTestMessage,
  slackMessage,
  slackTestMessage,
  testNotification,
} from './alert-notification.js';
import { notifiedAs } from './alert-state.js';
import { AlertsRepository, type AlertChannelRow } from './alerts.repository.js';

// Someone waits on a test send: it may not take as long as a retried notification may.
const TEST_TIMEOUT_MS = 5_000;

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

  /**
   * Sends a message marked as a test through the channel and says how the receiver answered; the
   * receiver's failures are the answer, not errors. Same SSRF guard and signature as real alerts.
   */
  async sendTest(channel: AlertChannelRow): Promise<AlertChannelTestResult> {
    const started = performance.now();
    const timeoutMs = Math.min(TEST_TIMEOUT_MS, this.options.timeoutMs);
    const result = (outcome: Omit<AlertChannelTestResult, 'durationMs'>) => ({
      ...outcome,
      durationMs: Math.round(performance.now() - started),
    });
    try {
      if (channel.kind === 'email') {
        const reply = await this.#mail(
          channel.recipients,
          emailTestMessage(channel.name),
          timeoutMs,
        );
        return result({ delivered: true, statusCode: null, response: reply, error: null });
      }
      const response =
        channel.kind === 'webhook'
          ? await this.#postSigned(
              channel,
              WEBHOOK_PING_EVENT,
              randomUUID(),
              testNotification(channel),
              timeoutMs,
            )
          : await this.#post(
              channel.url!,
              JSON.stringify(slackTestMessage(channel.name)),
              {},
              timeoutMs,
            );
      const delivered = isSuccess(response.status);
      return result({
        delivered,
        statusCode: response.status,
        response: response.bodyExcerpt || null,
        error: delivered ? null : `answered ${response.status}`,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return result({ delivered: false, statusCode: null, response: null, error: reason });
    }
  }

  async #send(channel: AlertChannelRow, notification: AlertNotification, eventId: string) {
    const { timeoutMs } = this.options;
    if (channel.kind === 'email') {
      await this.#mail(channel.recipients, emailMessage(notification), timeoutMs);
      return;
    }
    const response =
      channel.kind === 'webhook'
        ? await this.#postSigned(channel, notification.type, eventId, notification, timeoutMs)
        : await this.#post(channel.url!, JSON.stringify(slackMessage(notification)), {}, timeoutMs);
    if (!isSuccess(response.status)) {
      throw new Error(`answered ${response.status}: ${response.bodyExcerpt.slice(0, 200)}`);
    }
  }

  /** A platform-webhook-shaped body signed with the channel's secret. */
  #postSigned(
    channel: AlertChannelRow,
    type: string,
    eventId: string,
    data: unknown,
    timeoutMs: number,
  ) {
    const body = JSON.stringify(
      eventBody({ id: eventId, type, projectId: channel.projectId, data }),
    );
    return this.#post(
      channel.url!,
      body,
      {
        [SIGNATURE_HEADER]: signWebhookBody(this.cipher.decrypt(channel.secretCiphertext!), body),
        [EVENT_HEADER]: type,
        [DELIVERY_HEADER]: `${eventId}.${channel.id}`,
      },
      timeoutMs,
    );
  }

  #post(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
    return sendGuardedRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AIStudio-Alerts/1',
          ...headers,
        },
        body,
        timeoutMs,
        maxResponseBytes: 512,
      },
      this.options.outbound,
    );
  }

  /** Sends one e-mail; answers the SMTP server's reply to the message (`250 …`). */
  async #mail(
    recipients: string[],
    message: { subject: string; text: string },
    timeoutMs: number,
  ): Promise<string> {
    if (!this.options.smtp) throw new JobFailure('SMTP_URL is not configured on the server');
    const transport = nodemailer.createTransport({
      url: this.options.smtp.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      const info = await transport.sendMail({
        from: this.options.smtp.from,
        to: recipients,
        ...message,
      });
      return info.response;
    } finally {
      transport.close();
    }
  }
}

const isSuccess = (status: number) => status >= 200 && status < 300;
