import { WEBHOOK_EVENT_TYPES } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { eventGroups, lastAnswer, webhookDraftErrors, webhookStatus } from './webhook-view';

describe('webhook views', () => {
  it('groups every known event by its subject, none left out', () => {
    const groups = eventGroups();
    expect(groups.flatMap((g) => g.events).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(groups.find((g) => g.group === 'alert')?.events).toEqual([
      'alert.firing',
      'alert.resolved',
    ]);
  });

  it('asks for an http(s) URL and at least one event', () => {
    expect(webhookDraftErrors({ url: 'localhost', events: [], description: '' })).toEqual({
      url: expect.any(String),
      events: expect.any(String),
    });
    expect(
      webhookDraftErrors({ url: 'http://127.0.0.1:9/h', events: ['run.failed'], description: '' }),
    ).toEqual({});
  });

  it("tells a paused webhook from one the server disabled, and shows the server's reason", () => {
    expect(
      webhookStatus({ enabled: false, disabledReason: null, consecutiveFailures: 0 }).label,
    ).toBe('paused');
    expect(
      webhookStatus({
        enabled: false,
        disabledReason: '15 failures in a row',
        consecutiveFailures: 15,
      }),
    ).toMatchObject({ label: 'disabled by the server', detail: '15 failures in a row' });
    expect(
      webhookStatus({ enabled: true, disabledReason: null, consecutiveFailures: 2 }).label,
    ).toBe('failing');
    expect(
      webhookStatus({ enabled: true, disabledReason: null, consecutiveFailures: 0 }).label,
    ).toBe('active');
  });

  it("reads the last attempt's status, or its error when there was no answer", () => {
    const attempt = {
      attempt: 1,
      statusCode: 503,
      durationMs: 5,
      responseExcerpt: 'busy',
      error: null,
      startedAt: '',
    };
    expect(lastAnswer({ attempts: [] })).toEqual({ answer: 'not tried yet', excerpt: null });
    expect(
      lastAnswer({ attempts: [attempt, { ...attempt, statusCode: 200, responseExcerpt: 'ok' }] }),
    ).toEqual({
      answer: 'HTTP 200',
      excerpt: 'ok',
    });
    expect(
      lastAnswer({
        attempts: [{ ...attempt, statusCode: null, responseExcerpt: null, error: 'ECONNREFUSED' }],
      }),
    ).toEqual({ answer: 'ECONNREFUSED', excerpt: null });
  });
});
