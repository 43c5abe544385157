import { describe, expect, it } from 'vitest';
import {
  channelBody,
  channelDraftErrors,
  describeTestResult,
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
