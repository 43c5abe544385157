import type {
  AlertChannel,
  AlertChannelTestResult,
  CreateAlertChannelBody,
  UpdateAlertChannelBody,
} from '@aistudio/contracts';

export type ChannelKind = AlertChannel['kind'];

/** What the channel form edits; `recipients` is the text of the e-mail field. */
export interface ChannelDraft {
  kind: ChannelKind;
  name: string;
  url: string;
  recipients: string;
}

export const CHANNEL_KINDS: { value: ChannelKind; label: string; hint: string }[] = [
  { value: 'webhook', label: 'Webhook', hint: 'Signed JSON, like platform webhooks.' },
  { value: 'slack', label: 'Slack', hint: 'A Slack-compatible incoming webhook URL.' },
  { value: 'email', label: 'E-mail', hint: 'Sent over the SMTP server the studio is set up with.' },
];

/** "a@x.org, b@y.org\nc@z.org" → the addresses, in order, without blanks. */
export function parseRecipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((address) => address.trim())
    .filter(Boolean);
}

const looksLikeEmail = (address: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address);

/**
 * The draft of an existing channel. Its URL starts empty: the server shows only the origin (a Slack
 * URL's path is its credential), and an empty URL keeps the one saved.
 */
export function draftOfChannel(channel: AlertChannel): ChannelDraft {
  return {
    kind: channel.kind,
    name: channel.name,
    url: '',
    recipients: channel.recipients.join(', '),
  };
}

/**
 * Field → message for a draft the server would refuse; empty when it may be sent. `editing`: an
 * empty URL keeps the saved one.
 */
export function channelDraftErrors(draft: ChannelDraft, editing = false): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.name.trim()) errors.name = 'Name the channel.';
  if (draft.kind === 'email') {
    const recipients = parseRecipients(draft.recipients);
    const wrong = recipients.find((address) => !looksLikeEmail(address));
    if (recipients.length === 0) errors.recipients = 'Enter at least one address.';
    else if (wrong) errors.recipients = `“${wrong}” is not an e-mail address.`;
    else if (recipients.length > 20) errors.recipients = 'At most 20 addresses.';
  } else if (!(editing && draft.url.trim() === '') && !/^https?:\/\/\S+$/i.test(draft.url.trim())) {
    errors.url = 'Enter an http(s) URL.';
  }
  return errors;
}

export function channelBody(draft: ChannelDraft): CreateAlertChannelBody {
  const name = draft.name.trim();
  return draft.kind === 'email'
    ? { kind: 'email', name, recipients: parseRecipients(draft.recipients) }
    : { kind: draft.kind, name, url: draft.url.trim() };
}

/** The change to send for an edited channel: its name, and its new URL or recipients if any. */
export function channelUpdateBody(draft: ChannelDraft): UpdateAlertChannelBody {
  const name = draft.name.trim();
  if (draft.kind === 'email') return { name, recipients: parseRecipients(draft.recipients) };
  return draft.url.trim() ? { name, url: draft.url.trim() } : { name };
}

/** Server fields such as `recipients[2]` shown on the field that holds them. */
export function channelFieldOf(field: string): string {
  return field.replace(/\[\d+\]$/, '');
}

/** One line for a test send's outcome: "Delivered: HTTP 204 in 35 ms" or why it failed. */
export function describeTestResult(result: AlertChannelTestResult): string {
  const answer = result.statusCode !== null ? `HTTP ${result.statusCode}` : result.response;
  const took = `in ${result.durationMs} ms`;
  if (result.delivered) return ['Delivered:', answer, took].filter(Boolean).join(' ');
  return `Not delivered: ${result.error ?? 'no answer'} ${took}`;
}

/** Where a channel sends, as the list shows it. */
export function channelTarget(channel: AlertChannel): string {
  return channel.kind === 'email' ? channel.recipients.join(', ') : (channel.url ?? '');
}
