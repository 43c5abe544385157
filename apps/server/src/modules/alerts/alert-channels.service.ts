import type {
  AlertChannel,
  AlertChannelTestResult,
  CreateAlertChannelBody,
  CreatedAlertChannel,
  PageQuery,
  UpdateAlertChannelBody,
} from '@aistudio/contracts';
import { isUniqueViolation, violatedConstraint, type Db } from '@aistudio/db';
import type { z } from 'zod';
import type { ProjectAction } from '../../auth/policy.js';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import { outboundUrlRefusal, type OutboundPolicy } from '../../infra/net/ssrf-guard.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { invalid } from '../models/models.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { WebhookSecretCipher } from '../webhooks/webhook-secret-cipher.js';
import type { AlertNotifier } from './alert-notifier.js';
import { AlertsRepository, type AlertChannelRow } from './alerts.repository.js';

/** Where a project's alerts go: signed webhooks, Slack-compatible webhooks, e-mail. */
export class AlertChannelsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly cipher: WebhookSecretCipher,
    private readonly outbound: OutboundPolicy,
    private readonly smtpConfigured: boolean,
    private readonly notifier: Pick<AlertNotifier, 'sendTest'>,
  ) {}

  async create(
    actor: Actor,
    projectId: string,
    body: CreateAlertChannelBody,
  ): Promise<z.infer<typeof CreatedAlertChannel>> {
    const { project } = await this.projects.authorizeProject(
      actor.principal,
      projectId,
      'alert.write',
    );
    if (body.kind === 'email' && !this.smtpConfigured) {
      throw invalid(
        'kind',
        'e-mail needs SMTP_URL set on the server; ask an operator, or use a webhook',
      );
    }
    if (body.kind !== 'email') await this.#checkUrl(body.url);
    const secret = body.kind === 'webhook' ? WebhookSecretCipher.generateSecret() : null;
    const row = await this.transactions
      .run(async (tx, audit) => {
        const created = await new AlertsRepository(tx).insertChannel({
          orgId: project.orgId,
          projectId,
          name: body.name,
          kind: body.kind,
          url: body.kind === 'email' ? null : body.url,
          recipients: body.kind === 'email' ? body.recipients : [],
          secretCiphertext: secret ? this.cipher.encrypt(secret) : null,
          createdBy: accountableUser(actor.principal),
        });
        await audit.record(actor, {
          orgId: project.orgId,
          projectId,
          action: 'alert_channel.create',
          targetType: 'alert_channel',
          targetId: created.id,
          summary: `Created ${created.kind} alert channel "${created.name}" to ${describeTarget(created)}`,
        });
        return created;
      })
      .catch((error: unknown) => {
        throw this.#nameTaken(error, body.name);
      });
    return { ...toAlertChannel(row), secret };
  }

  /** Renames a channel or changes where it sends; its kind (and a webhook's secret) stay. */
  async update(
    actor: Actor,
    channelId: string,
    body: UpdateAlertChannelBody,
  ): Promise<AlertChannel> {
    const found = await this.channelFor(actor.principal, channelId, 'alert.write');
    if (found.kind === 'email' && body.url !== undefined) {
      throw invalid('url', 'an e-mail channel has recipients, not a URL');
    }
    if (found.kind !== 'email' && body.recipients !== undefined) {
      throw invalid('recipients', `a ${found.kind} channel has a URL, not recipients`);
    }
    if (body.url !== undefined) await this.#checkUrl(body.url);
    const row = await this.transactions
      .run(async (tx, audit) => {
        const updated = await new AlertsRepository(tx).updateChannel(found.id, body);
        await audit.record(actor, {
          orgId: found.orgId,
          projectId: found.projectId,
          action: 'alert_channel.update',
          targetType: 'alert_channel',
          targetId: found.id,
          summary: `Changed ${updated.kind} alert channel "${updated.name}" to ${describeTarget(updated)}`,
        });
        return updated;
      })
      .catch((error: unknown) => {
        throw this.#nameTaken(error, body.name ?? found.name);
      });
    return toAlertChannel(row);
  }

  async list(principal: Principal, projectId: string, query: PageQuery) {
    await this.projects.authorizeProject(principal, projectId, 'alert.read');
    const rows = await new AlertsRepository(this.db).findChannelPage(
      projectId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toAlertChannel);
  }

  async get(principal: Principal, channelId: string): Promise<AlertChannel> {
    return toAlertChannel(await this.channelFor(principal, channelId, 'alert.read'));
  }

  /** Sends a test message through the channel now and answers how its receiver took it. */
  async sendTest(actor: Actor, channelId: string): Promise<AlertChannelTestResult> {
    return this.notifier.sendTest(await this.channelFor(actor.principal, channelId, 'alert.write'));
  }

  /** Deletes the channel; rules that named it simply stop notifying it. */
  async delete(actor: Actor, channelId: string): Promise<void> {
    const found = await this.channelFor(actor.principal, channelId, 'alert.write');
    await this.transactions.run(async (tx, audit) => {
      await new AlertsRepository(tx).deleteChannel(found.id);
      await audit.record(actor, {
        orgId: found.orgId,
        projectId: found.projectId,
        action: 'alert_channel.delete',
        targetType: 'alert_channel',
        targetId: found.id,
        summary: `Deleted ${found.kind} alert channel "${found.name}"`,
      });
    });
  }

  async channelFor(
    principal: Principal,
    channelId: string,
    action: ProjectAction,
  ): Promise<AlertChannelRow> {
    const row = await new AlertsRepository(this.db).findChannel(channelId);
    const notFound = `Alert channel ${channelId} not found.`;
    if (!row) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(principal, row.projectId, action, notFound);
    return row;
  }

  // The name is unique per project: say so on the field rather than with a 500.
  #nameTaken(error: unknown, name: string): unknown {
    if (
      isUniqueViolation(error) &&
      violatedConstraint(error) === 'alert_channels_project_name_key'
    ) {
      return new ConflictError(
        `name: an alert channel called "${name}" already exists in this project`,
        {
          errors: [{ field: 'name', message: 'is taken in this project; choose another name' }],
        },
      );
    }
    return error;
  }

  async #checkUrl(url: string): Promise<void> {
    const refusal = await outboundUrlRefusal(url, this.outbound);
    if (refusal) throw invalid('url', refusal);
  }
}

function describeTarget(row: AlertChannelRow): string {
  return row.kind === 'email' ? row.recipients.join(', ') : originOf(row.url!);
}

// A Slack incoming-webhook URL's path is its credential: only the origin is ever shown back.
function originOf(url: string): string {
  return new URL(url).origin;
}

function toAlertChannel(row: AlertChannelRow): AlertChannel {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    kind: row.kind,
    url: row.url ? originOf(row.url) : null,
    recipients: row.recipients,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
  };
}
