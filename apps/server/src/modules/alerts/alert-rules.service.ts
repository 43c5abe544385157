import {
  ALERT_WINDOW_MINUTES,
  alertWindowMinutes,
  alertWindowOf,
  type AlertEvent,
  type AlertRule,
  type CreateAlertRuleBody,
  type PageQuery,
  type UpdateAlertRuleBody,
} from '@aistudio/contracts';
import { isUniqueViolation, violatedConstraint, type Db } from '@aistudio/db';
import type { ProjectAction } from '../../auth/policy.js';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { decodeCursor, iso, isoOrNull, toPage } from '../../http/pagination.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import { invalid } from '../models/models.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { AlertEvaluationSchedule } from './alert-evaluation-job.js';
import { describeRule } from './alert-rule-text.js';
import {
  AlertsRepository,
  type AlertEventRow,
  type AlertRuleWithChannels,
} from './alerts.repository.js';

/** Rule fields once defaults are applied: what a create sends, or the stored rule merged with a change. */
type RuleDraft = Required<Omit<CreateAlertRuleBody, 'feature'>> & { feature: string | null };

// Ratios live in 0–1; a threshold outside can never be crossed, which is surely a typo (5 for 5%).
const RATIO_METRICS = new Set(['error_rate', 'drift_share', 'feature_drift', 'accuracy']);

/** Alert rules of a project: validated against the deployment they watch, evaluated every minute. */
export class AlertRulesService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly deployments: DeploymentsService,
    private readonly evaluation: AlertEvaluationSchedule,
  ) {}

  async create(actor: Actor, projectId: string, body: CreateAlertRuleBody): Promise<AlertRule> {
    const { project } = await this.projects.authorizeProject(
      actor.principal,
      projectId,
      'alert.write',
    );
    const draft: RuleDraft = { ...body, feature: body.feature ?? null };
    await this.#validate(actor.principal, projectId, draft);
    const row = await this.transactions
      .run(async (tx, audit) => {
        const created = await new AlertsRepository(tx).insertRule(
          {
            ...columnsOf(draft),
            orgId: project.orgId,
            projectId,
            createdBy: accountableUser(actor.principal),
          },
          draft.channelIds,
        );
        await this.evaluation.ensure(tx, project.orgId, projectId);
        await audit.record(actor, {
          orgId: project.orgId,
          projectId,
          action: 'alert_rule.create',
          targetType: 'alert_rule',
          targetId: created.id,
          summary: `Created alert rule "${created.name}": ${describeRule(created)}`,
        });
        return created;
      })
      .catch((error: unknown) => {
        throw nameTaken(error, body.name);
      });
    return toAlertRule(row);
  }

  async list(principal: Principal, projectId: string, query: PageQuery) {
    await this.projects.authorizeProject(principal, projectId, 'alert.read');
    const rows = await new AlertsRepository(this.db).findRulePage(
      projectId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toAlertRule);
  }

  async get(principal: Principal, ruleId: string): Promise<AlertRule> {
    return toAlertRule(await this.ruleFor(principal, ruleId, 'alert.read'));
  }

  async update(actor: Actor, ruleId: string, body: UpdateAlertRuleBody): Promise<AlertRule> {
    const found = await this.ruleFor(actor.principal, ruleId, 'alert.write');
    const draft: RuleDraft = {
      name: body.name ?? found.name,
      deploymentId: body.deploymentId ?? found.deploymentId,
      metric: body.metric ?? (found.metric as RuleDraft['metric']),
      feature: body.feature !== undefined ? body.feature : found.feature,
      condition: body.condition ?? found.condition,
      threshold: body.threshold ?? found.threshold,
      window: body.window ?? alertWindowOf(found.windowMinutes),
      severity: body.severity ?? found.severity,
      channelIds: body.channelIds ?? found.channelIds,
      enabled: body.enabled ?? found.enabled,
    };
    // A feature only means something to feature_drift: switching metric away drops it.
    if (draft.metric !== 'feature_drift' && body.feature === undefined) draft.feature = null;
    await this.#validate(actor.principal, found.projectId, draft);
    // A changed condition is a new question: its state starts over at the next evaluation. The same
    // values sent again (a form saving every field) ask nothing new.
    const restart =
      draft.deploymentId !== found.deploymentId ||
      draft.metric !== found.metric ||
      draft.feature !== found.feature ||
      draft.condition !== found.condition ||
      draft.threshold !== found.threshold ||
      alertWindowMinutes(draft.window) !== found.windowMinutes;
    const reset = (restart || !draft.enabled) && found.state !== 'no_data';
    const row = await this.transactions
      .run(async (tx, audit) => {
        const repo = new AlertsRepository(tx);
        const updated = await repo.updateRule(
          found.id,
          {
            ...columnsOf(draft),
            ...(reset
              ? { state: 'no_data' as const, lastValue: null, stateChangedAt: new Date() }
              : {}),
          },
          body.channelIds,
        );
        // The history says who ended a state that the evaluator did not.
        if (reset) {
          await repo.insertEvent({
            orgId: found.orgId,
            projectId: found.projectId,
            ruleId: found.id,
            fromState: found.state,
            toState: 'no_data',
            value: null,
            threshold: updated.threshold,
            message: `${updated.name} starts over: ${draft.enabled ? 'its condition was changed' : 'it was disabled'}`,
            triggeredBy: accountableUser(actor.principal),
          });
        }
        await audit.record(actor, {
          orgId: found.orgId,
          projectId: found.projectId,
          action: 'alert_rule.update',
          targetType: 'alert_rule',
          targetId: found.id,
          summary: `Changed alert rule "${updated.name}": ${describeRule(updated)}${updated.enabled ? '' : ' (disabled)'}`,
        });
        return updated;
      })
      .catch((error: unknown) => {
        throw nameTaken(error, draft.name);
      });
    return toAlertRule(row);
  }

  async delete(actor: Actor, ruleId: string): Promise<void> {
    const found = await this.ruleFor(actor.principal, ruleId, 'alert.write');
    await this.transactions.run(async (tx, audit) => {
      const repo = new AlertsRepository(tx);
      await repo.deleteRule(found.id);
      // Counted under the schedule's lock: a rule created meanwhile keeps the evaluation going.
      await this.evaluation.dropUnless(
        tx,
        found.projectId,
        async (locked) => (await new AlertsRepository(locked).countRules(found.projectId)) > 0,
      );
      await audit.record(actor, {
        orgId: found.orgId,
        projectId: found.projectId,
        action: 'alert_rule.delete',
        targetType: 'alert_rule',
        targetId: found.id,
        summary: `Deleted alert rule "${found.name}"`,
      });
    });
  }

  async events(principal: Principal, ruleId: string, query: PageQuery) {
    const rule = await this.ruleFor(principal, ruleId, 'alert.read');
    const rows = await new AlertsRepository(this.db).findEventPage(
      rule.id,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toAlertEvent);
  }

  /** The rule if the principal may do `action` on it; 404 (never 403) when they cannot see it. */
  async ruleFor(
    principal: Principal,
    ruleId: string,
    action: ProjectAction,
  ): Promise<AlertRuleWithChannels> {
    const row = await new AlertsRepository(this.db).findRule(ruleId);
    const notFound = `Alert rule ${ruleId} not found.`;
    if (!row) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(principal, row.projectId, action, notFound);
    return row;
  }

  /** Checks what the body's shape cannot: the deployment, its model's features, ranges, channels. */
  async #validate(principal: Principal, projectId: string, draft: RuleDraft): Promise<void> {
    const minutes = alertWindowMinutes(draft.window);
    if (minutes < ALERT_WINDOW_MINUTES.min || minutes > ALERT_WINDOW_MINUTES.max) {
      throw invalid('window', `is ${draft.window}; it must be between 5m and 24h`);
    }
    if (RATIO_METRICS.has(draft.metric) && (draft.threshold < 0 || draft.threshold > 1)) {
      throw invalid(
        'threshold',
        `${draft.metric} is a ratio between 0 and 1; write 5% as 0.05, not ${draft.threshold}`,
      );
    }
    if (draft.metric === 'latency_p95' && draft.threshold < 0) {
      throw invalid('threshold', 'latency_p95 is in milliseconds and cannot be negative');
    }
    const deployment = await this.deployments
      .deploymentFor(principal, draft.deploymentId, 'deployment.read')
      .catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
    if (!deployment || deployment.projectId !== projectId) {
      throw invalid('deploymentId', 'is not a deployment of this project');
    }
    if (draft.metric === 'feature_drift') {
      if (!draft.feature) throw invalid('feature', 'is required for the feature_drift metric');
      const features = await new AlertsRepository(this.db).inputFeaturesOf(
        deployment.routes.map((route) => route.modelVersionId),
      );
      if (!features.includes(draft.feature)) {
        throw invalid(
          'feature',
          `"${draft.feature}" is not an input of the deployed model; its inputs are ${features.join(', ') || 'none'}`,
        );
      }
    } else if (draft.feature) {
      throw invalid('feature', `applies to feature_drift only, not to ${draft.metric}`);
    }
    const known = await new AlertsRepository(this.db).existingChannelIds(
      projectId,
      draft.channelIds,
    );
    for (const [i, id] of draft.channelIds.entries()) {
      if (!known.has(id))
        throw invalid(`channelIds[${i}]`, 'is not an alert channel of this project');
    }
  }
}

function columnsOf(draft: RuleDraft) {
  return {
    name: draft.name,
    deploymentId: draft.deploymentId,
    metric: draft.metric,
    feature: draft.feature,
    condition: draft.condition,
    threshold: draft.threshold,
    windowMinutes: alertWindowMinutes(draft.window),
    severity: draft.severity,
    enabled: draft.enabled,
  };
}

export function toAlertRule(row: AlertRuleWithChannels): AlertRule {
  return {
    id: row.id,
    projectId: row.projectId,
    deploymentId: row.deploymentId,
    name: row.name,
    metric: row.metric as AlertRule['metric'],
    feature: row.feature,
    condition: row.condition,
    threshold: row.threshold,
    window: alertWindowOf(row.windowMinutes),
    severity: row.severity,
    channelIds: row.channelIds,
    enabled: row.enabled,
    state: row.state,
    lastValue: row.lastValue,
    lastEvaluatedAt: isoOrNull(row.lastEvaluatedAt),
    stateChangedAt: isoOrNull(row.stateChangedAt),
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function toAlertEvent(row: AlertEventRow): AlertEvent {
  return {
    id: row.id,
    ruleId: row.ruleId,
    fromState: row.fromState,
    toState: row.toState,
    value: row.value,
    threshold: row.threshold,
    message: row.message,
    triggeredBy: row.triggeredBy,
    createdAt: iso(row.createdAt),
  };
}

function nameTaken(error: unknown, name: string): unknown {
  if (isUniqueViolation(error) && violatedConstraint(error) === 'alert_rules_project_name_key') {
    return new ConflictError(
      `name: an alert rule called "${name}" already exists in this project`,
      {
        errors: [{ field: 'name', message: 'is taken in this project; choose another name' }],
      },
    );
  }
  return error;
}
