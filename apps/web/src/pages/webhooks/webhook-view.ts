import { WEBHOOK_EVENT_TYPES, type Webhook, type WebhookDelivery } from '@aistudio/contracts';
import type { BadgeVariant } from '../../components/ui/Badge';

/** What the subscription form edits. */
export interface WebhookDraft {
  url: string;
  events: string[];
  description: string;
}

export const emptyWebhookDraft = (): WebhookDraft => ({ url: '', events: [], description: '' });

/** The events to choose from, grouped by what they are about ("run", "alert", …). */
export function eventGroups(): { group: string; events: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const event of WEBHOOK_EVENT_TYPES) {
    const group = event.slice(0, event.indexOf('.'));
    groups.set(group, [...(groups.get(group) ?? []), event]);
  }
  return [...groups].map(([group, events]) => ({ group, events }));
}

/** Field → message for a draft the server would refuse; empty when it may be sent. */
export function webhookDraftErrors(draft: WebhookDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^https?:\/\/\S+$/i.test(draft.url.trim())) errors.url = 'Enter an http(s) URL.';
  if (draft.events.length === 0) errors.events = 'Choose at least one event.';
  if (draft.description.length > 500) errors.description = 'At most 500 characters.';
  return errors;
}

/** Server fields such as `events[2]` shown on the field that holds them. */
export function webhookFieldOf(field: string): string {
  return field.replace(/\[\d+\]$/, '');
}

/** Whether the webhook delivers, and if not, why: a paused hook and one the server gave up on differ. */
export function webhookStatus(
  webhook: Pick<Webhook, 'enabled' | 'disabledReason' | 'consecutiveFailures'>,
): {
  label: string;
  variant: BadgeVariant;
  detail: string | null;
} {
  if (!webhook.enabled) {
    return webhook.disabledReason
      ? { label: 'disabled by the server', variant: 'red', detail: webhook.disabledReason }
      : { label: 'paused', variant: 'default', detail: null };
  }
  if (webhook.consecutiveFailures > 0) {
    return {
      label: 'failing',
      variant: 'amber',
      detail: `${webhook.consecutiveFailures} failed deliveries in a row`,
    };
  }
  return { label: 'active', variant: 'green', detail: null };
}

export const DELIVERY_VARIANT: Record<WebhookDelivery['status'], BadgeVariant> = {
  pending: 'default',
  retrying: 'amber',
  succeeded: 'green',
  failed: 'red',
};

/** The last attempt's answer for the log: "HTTP 200", "HTTP 503", an error, or "not tried yet". */
export function lastAnswer(delivery: Pick<WebhookDelivery, 'attempts'>): {
  answer: string;
  excerpt: string | null;
} {
  const last = delivery.attempts.at(-1);
  if (!last) return { answer: 'not tried yet', excerpt: null };
  const answer = last.statusCode !== null ? `HTTP ${last.statusCode}` : (last.error ?? 'no answer');
  return { answer, excerpt: last.responseExcerpt };
}
