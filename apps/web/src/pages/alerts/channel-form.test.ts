import { describe, expect, it } from 'vitest';
import {
  channelBody,
  channelDraftErrors,
  channelUpdateBody,
  describeTestResult,
  draftOfChannel,
  parseRecipients,
} from './channel-form';

describe('alert channel form', () => {
  it('splits recipients on commas, semicolons and spaces', () => {
    expect(parseRecipients(' a@x.org, b@y.org;\nc@z.org  ')).toEqual([
      'a@x.org',
      'b@y.org',
      'c@z.org',
    ]);
  });

  it('asks for a URL for webhooks and Slack, and valid addresses for e-mail', () => {
    const base = { name: 'ops', url: '', recipients: '' };
    expect(channelDraftErrors({ ...base, kind: 'webhook' })).toHaveProperty('url');
    expect(channelDraftErrors({ ...base, kind: 'slack', url: 'ftp://x' })).toHaveProperty('url');
    expect(
      channelDraftErrors({ ...base, kind: 'slack', url: 'https://hooks.example.com/T1' }),
    ).toEqual({});
    expect(
      channelDraftErrors({ ...base, kind: 'email', recipients: 'a@x.org, nope' }).recipients,
    ).toMatch(/nope/);
    expect(channelDraftErrors({ ...base, kind: 'email' })).toHaveProperty('recipients');
  });

  it('sends the body of the chosen kind only', () => {
    expect(
      channelBody({ kind: 'email', name: ' ops ', url: 'http://ignored', recipients: 'a@x.org' }),
    ).toEqual({ kind: 'email', name: 'ops', recipients: ['a@x.org'] });
    expect(
      channelBody({ kind: 'webhook', name: 'ops', url: ' http://h/x ', recipients: '' }),
    ).toEqual({
      kind: 'webhook',
      name: 'ops',
      url: 'http://h/x',
    });
  });

  it('says how a test went: the HTTP status or SMTP reply, or why it failed', () => {
    const result = {
      delivered: true,
      statusCode: 204,
      response: null,
      error: null,
      durationMs: 12,
    };
    expect(describeTestResult(result)).toBe('Delivered: HTTP 204 in 12 ms');
    expect(describeTestResult({ ...result, statusCode: null, response: '250 OK' })).toBe(
      'Delivered: 250 OK in 12 ms',
    );
    expect(
      describeTestResult({ ...result, delivered: false, statusCode: 503, error: 'answered 503' }),
    ).toBe('Not delivered: answered 503 in 12 ms');
  });
});

describe('editing an alert channel', () => {
  const slack = {
    id: 'c',
    projectId: 'p',
    name: 'ops',
    kind: 'slack' as const,
    url: 'https://hooks.example.com',
    recipients: [],
    createdBy: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  };

  it('starts with an empty URL, which keeps the saved one (only its origin is ever shown)', () => {
    const draft = draftOfChannel(slack);
    expect(draft.url).toBe('');
    expect(channelDraftErrors(draft, true)).toEqual({});
    expect(channelDraftErrors(draft)).toHaveProperty('url');
    expect(channelUpdateBody({ ...draft, name: 'ops 2' })).toEqual({ name: 'ops 2' });
    expect(channelUpdateBody({ ...draft, url: 'https://hooks.example.com/T2' })).toEqual({
      name: 'ops',
      url: 'https://hooks.example.com/T2',
    });
  });

  it('sends the recipients of an e-mail channel', () => {
    const draft = draftOfChannel({ ...slack, kind: 'email', url: null, recipients: ['a@x.org'] });
    expect(draft.recipients).toBe('a@x.org');
    expect(channelUpdateBody({ ...draft, recipients: 'a@x.org b@y.org' })).toEqual({
      name: 'ops',
      recipients: ['a@x.org', 'b@y.org'],
    });
  });
});
