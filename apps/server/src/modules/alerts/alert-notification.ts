import { alertWindowOf, type AlertNotification } from '@aistudio/contracts';
import type { AlertEventRow, AlertRuleRow } from './alerts.repository.js';

/** What every channel is told about a state change (webhooks receive it as JSON). */
export function alertNotification(
  type: AlertNotification['type'],
  rule: AlertRuleRow,
  event: AlertEventRow,
): AlertNotification {
  return {
    type,
    rule: {
      id: rule.id,
      name: rule.name,
      severity: rule.severity,
      metric: rule.metric as AlertNotification['rule']['metric'],
    },
    deploymentId: rule.deploymentId,
    projectId: rule.projectId,
    value: event.value,
    condition: rule.condition,
    threshold: event.threshold,
    window: alertWindowOf(rule.windowMinutes),
    message: event.message,
    at: event.createdAt.toISOString(),
  };
}

const ICON = { 'alert.firing': ':rotating_light:', 'alert.resolved': ':white_check_mark:' };

/** Slack's incoming-webhook JSON: `text` for notifications and old clients, `blocks` for the message. */
export function slackMessage(notification: AlertNotification) {
  const title = `${ICON[notification.type]} [${notification.rule.severity}] ${notification.rule.name} ${notification.type === 'alert.firing' ? 'is firing' : 'resolved'}`;
  return {
    text: `${title}: ${notification.message}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: notification.message } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `deployment \`${notification.deploymentId}\` · ${notification.at}`,
          },
        ],
      },
    ],
  };
}

/** Subject and plain-text body of the alert e-mail. */
export function emailMessage(notification: AlertNotification) {
  const verb = notification.type === 'alert.firing' ? 'FIRING' : 'RESOLVED';
  return {
    subject: `[${verb}] [${notification.rule.severity}] ${notification.rule.name}`,
    text: [
      notification.message,
      '',
      `Rule: ${notification.rule.name} (${notification.rule.id})`,
      `Deployment: ${notification.deploymentId}`,
      `Value: ${notification.value ?? 'no data'} (${notification.condition} ${notification.threshold} over ${notification.window})`,
      `At: ${notification.at}`,
    ].join('\n'),
  };
}

const TEST_NOTE = 'This is a test from AI Studio: no alert is firing.';

/** The JSON `data` a webhook channel's test carries (sent as a `ping` event, like webhook tests). */
export function testNotification(channel: { id: string; name: string }) {
  return {
    test: true,
    channelId: channel.id,
    message: `Channel "${channel.name}" works. ${TEST_NOTE}`,
  };
}

/** A Slack test message, marked as a test in its first words. */
export function slackTestMessage(channelName: string) {
  return {
    text: `:test_tube: [TEST] AI Studio alert channel "${channelName}" works. ${TEST_NOTE}`,
  };
}

/** Subject and body of a test e-mail, marked as a test in the subject. */
export function emailTestMessage(channelName: string) {
  return {
    subject: `[TEST] AI Studio alert channel "${channelName}"`,
    text: `Alerts sent to the channel "${channelName}" will arrive like this message.\n\n${TEST_NOTE}`,
  };
}
