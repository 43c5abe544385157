import { z } from 'zod';
import { Id, Text, Timestamp } from './common.js';

/** What a rule watches on a deployment. */
export const AlertMetric = z
  .enum(['error_rate', 'latency_p95', 'drift_share', 'feature_drift', 'accuracy'])
  .describe(
    'error_rate: errors / requests (0–1); latency_p95: milliseconds; drift_share: share of drifted features in the latest drift check (0–1); feature_drift: 1 when the named feature drifted in the latest check, else 0; accuracy: accuracy of labelled predictions (0–1).',
  );
export type AlertMetric = z.infer<typeof AlertMetric>;

export const AlertCondition = z.enum(['>', '>=', '<', '<=']);
export type AlertCondition = z.infer<typeof AlertCondition>;

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const AlertState = z
  .enum(['no_data', 'ok', 'firing', 'resolved'])
  .describe(
    'no_data: nothing to evaluate yet; ok: the condition does not hold; firing: it holds; resolved: it held and stopped.',
  );
export type AlertState = z.infer<typeof AlertState>;

/** The shortest and longest window a rule may look back over, in minutes. */
export const ALERT_WINDOW_MINUTES = { min: 5, max: 24 * 60 } as const;

/** `5m` … `24h` (the range is checked with the rule: 422): how far back the metric is computed. */
export const AlertWindow = z
  .string()
  .regex(/^\d{1,4}[mh]$/, { error: 'must be minutes or hours such as 15m or 1h' });

/** Minutes of a window string (`90m` → 90, `2h` → 120). */
export function alertWindowMinutes(window: string): number {
  const amount = Number(window.slice(0, -1));
  return window.endsWith('h') ? amount * 60 : amount;
}

/** The window string for minutes, in hours when whole. */
export function alertWindowOf(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/** "error_rate > 0.05 over 15m", as rules read in the UI, summaries and notifications. */
export function describeAlertCondition(rule: {
  metric: string;
  feature: string | null;
  condition: string;
  threshold: number;
  window: string;
}): string {
  const metric = rule.feature ? `${rule.metric}(${rule.feature})` : rule.metric;
  return `${metric} ${rule.condition} ${rule.threshold} over ${rule.window}`;
}

const RuleName = Text().trim().min(1).max(100);
const ChannelIds = z.array(Id).max(20);

const RuleFields = {
  name: RuleName,
  deploymentId: Id,
  metric: AlertMetric,
  feature: Text()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .describe('The input feature, for `feature_drift` only.'),
  condition: AlertCondition,
  threshold: z.number().finite(),
  window: AlertWindow.default('15m'),
  severity: AlertSeverity.default('warning'),
  channelIds: ChannelIds.default([]).describe('Channels of this project to notify.'),
  enabled: z.boolean().default(true),
};

export const CreateAlertRuleBody = z.strictObject(RuleFields);
export type CreateAlertRuleBody = z.infer<typeof CreateAlertRuleBody>;

export const UpdateAlertRuleBody = z
  .strictObject({
    name: RuleName.optional(),
    deploymentId: Id.optional(),
    metric: AlertMetric.optional(),
    feature: RuleFields.feature,
    condition: AlertCondition.optional(),
    threshold: z.number().finite().optional(),
    window: AlertWindow.optional(),
    severity: AlertSeverity.optional(),
    channelIds: ChannelIds.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'send at least one field to change' });
export type UpdateAlertRuleBody = z.infer<typeof UpdateAlertRuleBody>;

export const AlertRuleParams = z.strictObject({ ruleId: Id });

export const AlertRule = z.object({
  id: Id,
  projectId: Id,
  deploymentId: Id,
  name: z.string(),
  metric: AlertMetric,
  feature: z.string().nullable(),
  condition: AlertCondition,
  threshold: z.number(),
  window: z.string(),
  severity: AlertSeverity,
  channelIds: z.array(Id),
  enabled: z.boolean(),
  state: AlertState,
  lastValue: z.number().nullable().describe('The value at the last evaluation (null: no data).'),
  lastEvaluatedAt: Timestamp.nullable(),
  stateChangedAt: Timestamp.nullable(),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AlertRule = z.infer<typeof AlertRule>;

export const AlertEvent = z.object({
  id: Id,
  ruleId: Id,
  fromState: AlertState,
  toState: AlertState,
  value: z.number().nullable(),
  threshold: z.number(),
  message: z.string(),
  triggeredBy: Id.nullable().describe('The user who caused the change; null for the evaluator.'),
  createdAt: Timestamp,
});
export type AlertEvent = z.infer<typeof AlertEvent>;

const ChannelName = Text().trim().min(1).max(100);
const ChannelUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

export const CreateAlertChannelBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('webhook'),
    name: ChannelName,
    url: ChannelUrl.describe('Receives signed JSON (x-aistudio-signature, as platform webhooks).'),
  }),
  z.strictObject({
    kind: z.literal('slack'),
    name: ChannelName,
    url: ChannelUrl.describe('A Slack-compatible incoming webhook URL.'),
  }),
  z.strictObject({
    kind: z.literal('email'),
    name: ChannelName,
    recipients: z.array(z.email()).min(1).max(20),
  }),
]);
export type CreateAlertChannelBody = z.infer<typeof CreateAlertChannelBody>;

/** A channel keeps its kind; a webhook or Slack channel takes `url`, an e-mail channel `recipients`. */
export const UpdateAlertChannelBody = z
  .strictObject({
    name: ChannelName.optional(),
    url: ChannelUrl.optional().describe('webhook and Slack only; the secret stays the same.'),
    recipients: z.array(z.email()).min(1).max(20).optional().describe('e-mail only.'),
  })
  .refine((body) => Object.keys(body).length > 0, {
    error: 'send at least one of name, url or recipients',
  });
export type UpdateAlertChannelBody = z.infer<typeof UpdateAlertChannelBody>;

export const AlertChannelParams = z.strictObject({ channelId: Id });

export const AlertChannel = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  kind: z.enum(['webhook', 'slack', 'email']),
  url: z
    .string()
    .nullable()
    .describe("The target's origin only: a Slack URL's path is its credential."),
  recipients: z.array(z.string()),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
});
export type AlertChannel = z.infer<typeof AlertChannel>;

export const CreatedAlertChannel = AlertChannel.extend({
  secret: z
    .string()
    .nullable()
    .describe('webhook: the signing secret, shown this once. null for other kinds.'),
});

/** What `POST /alert-channels/{id}/test` came to: the receiver's answer, or why it failed. */
export const AlertChannelTestResult = z.object({
  delivered: z.boolean().describe('true when the receiver accepted it (HTTP 2xx, or SMTP 250).'),
  statusCode: z.number().int().nullable().describe('webhook and Slack: the HTTP status answered.'),
  response: z
    .string()
    .nullable()
    .describe("The start of the HTTP response body, or the SMTP server's reply."),
  error: z
    .string()
    .nullable()
    .describe('Why it was not delivered (refused, timed out, SMTP error).'),
  durationMs: z.number().int(),
});
export type AlertChannelTestResult = z.infer<typeof AlertChannelTestResult>;

/** The JSON a webhook channel receives (signed like platform webhooks). */
export const AlertNotification = z.object({
  type: z.enum(['alert.firing', 'alert.resolved']),
  rule: z.object({ id: Id, name: z.string(), severity: AlertSeverity, metric: AlertMetric }),
  deploymentId: Id,
  projectId: Id,
  value: z.number().nullable(),
  condition: AlertCondition,
  threshold: z.number(),
  window: z.string(),
  message: z.string(),
  at: Timestamp,
});
export type AlertNotification = z.infer<typeof AlertNotification>;

/** Job payloads. */
export const AlertEvaluationPayload = z.object({ v: z.literal(1), projectId: Id });
export type AlertEvaluationPayload = z.infer<typeof AlertEvaluationPayload>;
export const AlertNotificationPayload = z.object({
  v: z.literal(1),
  eventId: Id,
  channelId: Id,
});
export type AlertNotificationPayload = z.infer<typeof AlertNotificationPayload>;
