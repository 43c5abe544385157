import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@aistudio/db';
import { penguinRecords, penguinsProject } from '../../../__tests__/support/penguins.js';
import {
  createTestApp,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';
import { eventually } from '../../../infra/queue/__tests__/support/queue-fixture.js';
import { WebhookEvents } from '../../webhooks/webhook-events.js';
import { verifyWebhookSignature } from '../../webhooks/webhook-signature.js';
import { AlertEvaluator } from '../alert-evaluator.js';
import type { AlertMetricQuery, AlertMetricSource } from '../alert-metric-source.js';
import { startHttpReceiver, startSmtpReceiver } from './support/receivers.js';

/** Answers what the test sets per metric: the stand-in for monitoring and drift. */
class StandInMetrics implements AlertMetricSource {
  readonly values = new Map<string, number | null>();
  async value(query: AlertMetricQuery) {
    return this.values.get(query.metric) ?? null;
  }
}

const FEATURES = Object.keys(penguinRecords[0]!).filter((c) => c !== 'Species');
const complete = penguinRecords.filter((row) =>
  FEATURES.every((c) => row[c] !== null && row[c] !== '.'),
);
const inputOf = (row: Record<string, unknown>) =>
  Object.fromEntries(FEATURES.map((c) => [c, row[c]]));

describe(`alert rules, channels and evaluation [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let deploymentId: string;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

  const fields = (reply: { body: { errors?: { field: string }[] } }) =>
    (reply.body.errors ?? []).map((e) => e.field);
  const createRule = (body: Record<string, unknown>, as: SignedIn = owner) =>
    t.call('POST', `/api/v1/projects/${projectId}/alert-rules`, {
      as,
      body: {
        name: `rule ${Math.random().toString(36).slice(2, 8)}`,
        deploymentId,
        metric: 'error_rate',
        condition: '>',
        threshold: 0.1,
        ...body,
      },
    });
  const createChannel = async (body: Record<string, unknown>) => {
    const reply = await t.call('POST', `/api/v1/projects/${projectId}/alert-channels`, {
      as: owner,
      body,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body as { id: string; secret: string | null; url: string | null };
  };
  const evaluator = (source: AlertMetricSource) =>
    new AlertEvaluator(
      t.database.db,
      source,
      t.jobs,
      new WebhookEvents(t.jobs, { maxAttempts: 5, onError: (error) => console.error(error) }),
      5,
    );
  // The app evaluates a project as soon as its first rule exists (with the real, empty sources):
  // wait for that run so it cannot interleave with the test's own evaluations.
  const settled = async (ruleId: string) => {
    await eventually(async () => {
      const rule = await t.call('GET', `/api/v1/alert-rules/${ruleId}`, { as: owner });
      return rule.body.lastEvaluatedAt !== null;
    }, 'the first scheduled evaluation');
    await t.jobs.idle();
  };

  beforeAll(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    t = await createTestApp({
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Alerts <alerts@aistudio.test>',
      ALERTS_EVALUATION_INTERVAL_MS: '3600000',
    });
    const project = await penguinsProject(t);
    ({ owner, viewer, outsider, projectId } = project);
    const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: {
        datasetVersionId: project.versionId,
        target: 'Species',
        algorithm: 'gbdt',
        params: { nIter: 5 },
      },
    });
    expect(run.status).toBe(202);
    await t.jobs.idle();
    const model = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: owner,
      body: { name: 'Species' },
    });
    await t.call('POST', `/api/v1/models/${model.body.id}/versions`, {
      as: owner,
      body: { runId: run.body.id },
    });
    const deployment = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name: 'species', routes: [{ modelId: model.body.id, version: 1, weight: 100 }] },
    });
    expect(deployment.status, JSON.stringify(deployment.body)).toBe(201);
    deploymentId = deployment.body.id;
  }, 240_000);
  // Every test starts without rules, so its first rule schedules an evaluation at once.
  afterEach(async () => {
    const rules = await t.call('GET', `/api/v1/projects/${projectId}/alert-rules`, { as: owner });
    for (const rule of rules.body.items as { id: string }[]) {
      await t.call('DELETE', `/api/v1/alert-rules/${rule.id}`, { as: owner });
    }
    await t.jobs.idle();
  });
  afterAll(async () => {
    await t?.close();
    await http?.close();
    await smtp?.close();
  });

  it('refuses invalid rules with 422 naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ window: '2m' }, 'window'],
      [{ window: '25h' }, 'window'],
      [{ threshold: 5 }, 'threshold'],
      [{ metric: 'latency_p95', threshold: -1 }, 'threshold'],
      [{ metric: 'feature_drift', threshold: 0.5 }, 'feature'],
      [{ metric: 'feature_drift', feature: 'Wingspan', threshold: 0.5 }, 'feature'],
      [{ metric: 'error_rate', feature: 'Island' }, 'feature'],
      [{ deploymentId: '0190a0a0-0000-7000-8000-000000000000' }, 'deploymentId'],
      [{ channelIds: ['0190a0a0-0000-7000-8000-000000000000'] }, 'channelIds[0]'],
    ];
    for (const [body, field] of cases) {
      const reply = await createRule(body);
      expect(reply.status, JSON.stringify(body)).toBe(422);
      expect(reply.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fields(reply)).toEqual([field]);
    }
    const malformed = await createRule({ condition: '!=', window: 'soon' });
    expect(malformed.status).toBe(400);
    expect(fields(malformed)).toEqual(
      expect.arrayContaining([expect.stringMatching(/condition/), expect.stringMatching(/window/)]),
    );
    const list = await t.call('GET', `/api/v1/projects/${projectId}/alert-rules`, { as: owner });
    expect(list.body.items).toEqual([]);
  });

  it('accepts a feature_drift rule on an input of the deployed model', async () => {
    const reply = await createRule({
      name: 'island drift',
      metric: 'feature_drift',
      feature: 'Island',
      condition: '>=',
      threshold: 1,
      window: '24h',
      severity: 'critical',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({
      metric: 'feature_drift',
      feature: 'Island',
      window: '24h',
      severity: 'critical',
      state: 'no_data',
      enabled: true,
    });
    const renamed = await t.call('PATCH', `/api/v1/alert-rules/${reply.body.id}`, {
      as: owner,
      body: { window: '90m', enabled: false },
    });
    expect(renamed.body).toMatchObject({ window: '90m', enabled: false });
    const clash = await createRule({ name: 'Island Drift' });
    expect(clash.status).toBe(409);
    expect(fields(clash)).toEqual(['name']);
    expect(
      (await t.call('DELETE', `/api/v1/alert-rules/${reply.body.id}`, { as: owner })).status,
    ).toBe(204);
  });

  it('answers 404 to outsiders and 403 to viewers who try to write', async () => {
    const channel = await createChannel({
      kind: 'slack',
      name: 'authz slack',
      url: http.url('/authz'),
    });
    const rule = await createRule({ name: 'authz rule' });
    expect(rule.status).toBe(201);
    const ruleUrl = `/api/v1/alert-rules/${rule.body.id}`;
    for (const [method, url] of [
      ['GET', ruleUrl],
      ['GET', `${ruleUrl}/events`],
      ['PATCH', ruleUrl],
      ['DELETE', ruleUrl],
      ['GET', `/api/v1/projects/${projectId}/alert-rules`],
      ['GET', `/api/v1/projects/${projectId}/alert-channels`],
      ['GET', `/api/v1/alert-channels/${channel.id}`],
      ['DELETE', `/api/v1/alert-channels/${channel.id}`],
    ] as const) {
      const reply = await t.call(method, url, {
        as: outsider,
        ...(method === 'PATCH' ? { body: { threshold: 0.2 } } : {}),
      });
      expect(reply.status, `${method} ${url}`).toBe(404);
    }
    expect((await t.call('GET', ruleUrl, { as: viewer })).status).toBe(200);
    expect((await t.call('GET', `${ruleUrl}/events`, { as: viewer })).status).toBe(200);
    expect((await createRule({ name: 'by viewer' }, viewer)).status).toBe(403);
    expect((await t.call('PATCH', ruleUrl, { as: viewer, body: { threshold: 0.2 } })).status).toBe(
      403,
    );
    expect((await t.call('DELETE', ruleUrl, { as: viewer })).status).toBe(403);
    const viewerChannel = await t.call('POST', `/api/v1/projects/${projectId}/alert-channels`, {
      as: viewer,
      body: { kind: 'email', name: 'mine', recipients: ['v@example.com'] },
    });
    expect(viewerChannel.status).toBe(403);
    // A Slack URL's path is its credential: only the origin is shown back.
    const shown = await t.call('GET', `/api/v1/alert-channels/${channel.id}`, { as: viewer });
    expect(shown.body.url).toBe(new URL(http.url('/')).origin);
    await t.call('DELETE', ruleUrl, { as: owner });
  });

  it('sends a marked test through each kind of channel at once and reports how the receiver answered', async () => {
    const webhook = await createChannel({
      kind: 'webhook',
      name: 'test hook',
      url: http.url('/t/hook'),
    });
    const slack = await createChannel({
      kind: 'slack',
      name: 'test slack',
      url: http.url('/t/slack'),
    });
    const email = await createChannel({
      kind: 'email',
      name: 'test mail',
      recipients: ['qa@example.com'],
    });
    const sendTest = (id: string, as: SignedIn = owner) =>
      t.call('POST', `/api/v1/alert-channels/${id}/test`, { as });

    const hooked = await sendTest(webhook.id);
    expect(hooked.status, JSON.stringify(hooked.body)).toBe(200);
    expect(hooked.body).toMatchObject({ delivered: true, statusCode: 204, error: null });
    const [ping] = http.at('/t/hook');
    expect(
      verifyWebhookSignature(
        webhook.secret!,
        ping!.body,
        ping!.headers['x-aistudio-signature'] as string,
      ),
    ).toMatchObject({ valid: true });
    expect(ping!.headers['x-aistudio-event']).toBe('ping');
    expect(JSON.parse(ping!.body)).toMatchObject({
      type: 'ping',
      projectId,
      data: { test: true, channelId: webhook.id },
    });

    expect((await sendTest(slack.id)).body).toMatchObject({ delivered: true, statusCode: 204 });
    expect(JSON.parse(http.at('/t/slack')[0]!.body).text).toMatch(/^:test_tube: \[TEST\]/);

    const mailed = await sendTest(email.id);
    expect(mailed.body).toMatchObject({ delivered: true, statusCode: null, error: null });
    expect(mailed.body.response).toMatch(/^250/);
    const message = smtp.messages.find((m) => m.to.includes('qa@example.com'));
    // The subject is Q-encoded ("=5BTEST=5D" is "[TEST]"); the plain-text body is not.
    expect(message?.raw).toMatch(/^Subject: .*TEST/m);
    expect(message?.raw).toContain('This is a test from AI Studio: no alert is firing.');

    http.failNext(1, '/t/hook');
    expect((await sendTest(webhook.id)).body).toMatchObject({
      delivered: false,
      statusCode: 503,
      response: 'busy',
      error: 'answered 503',
    });
    // Nothing listens on port 9: the connection is refused, and the answer says so.
    const closed = await createChannel({
      kind: 'slack',
      name: 'test closed',
      url: 'http://127.0.0.1:9/x',
    });
    const refused = await sendTest(closed.id);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ delivered: false, statusCode: null });
    expect(refused.body.error).toMatch(/ECONNREFUSED/);

    expect((await sendTest(webhook.id, viewer)).status).toBe(403);
    expect((await sendTest(webhook.id, outsider)).status).toBe(404);
    // The receiver keeps only what it accepted: the first ping; the refused callers sent nothing.
    expect(http.at('/t/hook')).toHaveLength(1);
  });

  it("changes a channel's name and URL and keeps its kind and secret; refuses a private URL, recipients on a webhook and a taken name, naming the field", async () => {
    const channel = await createChannel({
      kind: 'webhook',
      name: 'edit me',
      url: http.url('/e/1'),
    });
    await createChannel({ kind: 'slack', name: 'taken', url: http.url('/e/taken') });
    const patch = (body: Record<string, unknown>) =>
      t.call('PATCH', `/api/v1/alert-channels/${channel.id}`, { as: owner, body });

    const changed = await patch({ name: 'edited', url: http.url('/e/2') });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: 'edited', kind: 'webhook' });
    await t.call('POST', `/api/v1/alert-channels/${channel.id}/test`, { as: owner });
    const [ping] = http.at('/e/2');
    expect(
      verifyWebhookSignature(
        channel.secret!,
        ping!.body,
        ping!.headers['x-aistudio-signature'] as string,
      ),
    ).toMatchObject({ valid: true });

    const refused = await patch({ url: 'http://10.0.0.1/hook' });
    expect(refused.status).toBe(422);
    expect(fields(refused)).toEqual(['url']);
    const wrongKind = await patch({ recipients: ['oncall@example.com'] });
    expect(wrongKind.status).toBe(422);
    expect(fields(wrongKind)).toEqual(['recipients']);
    const taken = await patch({ name: 'taken' });
    expect(taken.status).toBe(409);
    expect(fields(taken)).toEqual(['name']);
    expect((await patch({})).status).toBe(400);

    const kept = await t.call('GET', `/api/v1/alert-channels/${channel.id}`, { as: owner });
    expect(kept.body).toMatchObject({ name: 'edited', url: new URL(http.url('/')).origin });
  });

  it('fires once and resolves once through a signed webhook, Slack and e-mail (stand-in metric source)', async () => {
    const webhook = await createChannel({
      kind: 'webhook',
      name: 'ops hook',
      url: http.url('/hook'),
    });
    const slack = await createChannel({
      kind: 'slack',
      name: 'ops slack',
      url: http.url('/slack'),
    });
    const email = await createChannel({
      kind: 'email',
      name: 'ops mail',
      recipients: ['oncall@example.com'],
    });
    expect(webhook.secret).toMatch(/^whsec_/);
    expect(slack.secret).toBeNull();
    // The platform's own webhooks hear alert.firing / alert.resolved too.
    const platform = await t.call('POST', `/api/v1/projects/${projectId}/webhooks`, {
      as: owner,
      body: { url: http.url('/platform'), events: ['alert.firing', 'alert.resolved'] },
    });
    expect(platform.status, JSON.stringify(platform.body)).toBe(201);

    const rule = await createRule({
      name: 'errors high',
      threshold: 0.1,
      window: '15m',
      severity: 'critical',
      channelIds: [webhook.id, slack.id, email.id],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body.channelIds).toHaveLength(3);
    await settled(rule.body.id);

    const metrics = new StandInMetrics();
    metrics.values.set('error_rate', 0.5);
    await evaluator(metrics).evaluateProject(projectId);
    await evaluator(metrics).evaluateProject(projectId); // still firing: no second notification
    await t.jobs.idle();
    await eventually(async () => http.at('/platform').length === 1, 'the platform webhook');

    const hooks = http.at('/hook');
    expect(hooks).toHaveLength(1);
    const firing = hooks[0]!;
    expect(
      verifyWebhookSignature(
        webhook.secret!,
        firing.body,
        firing.headers['x-aistudio-signature'] as string,
      ),
    ).toMatchObject({ valid: true });
    expect(
      verifyWebhookSignature(
        'whsec_wrong',
        firing.body,
        firing.headers['x-aistudio-signature'] as string,
      ),
    ).toMatchObject({ valid: false });
    expect(firing.headers['x-aistudio-event']).toBe('alert.firing');
    expect(JSON.parse(firing.body)).toMatchObject({
      type: 'alert.firing',
      projectId,
      data: {
        type: 'alert.firing',
        rule: { id: rule.body.id, name: 'errors high', severity: 'critical', metric: 'error_rate' },
        deploymentId,
        value: 0.5,
        condition: '>',
        threshold: 0.1,
        window: '15m',
      },
    });
    const slackBody = JSON.parse(http.at('/slack')[0]!.body);
    expect(slackBody.text).toContain('errors high');
    expect(slackBody.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(slackBody.blocks[1]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    // Other tests mail other recipients through the same SMTP server.
    const oncall = () => smtp.messages.filter((m) => m.to.includes('oncall@example.com'));
    expect(oncall()).toHaveLength(1);
    expect(oncall()[0]!.to).toEqual(['oncall@example.com']);
    expect(oncall()[0]!.raw).toMatch(/Subject: \[FIRING\] \[critical\] errors high/);
    expect(oncall()[0]!.raw).toMatch(/From: Alerts <alerts@aistudio\.test>/);
    const platformEvent = JSON.parse(http.at('/platform')[0]!.body);
    expect(platformEvent).toMatchObject({
      type: 'alert.firing',
      data: { rule: { id: rule.body.id } },
    });

    const firingRule = await t.call('GET', `/api/v1/alert-rules/${rule.body.id}`, { as: viewer });
    expect(firingRule.body).toMatchObject({ state: 'firing', lastValue: 0.5 });

    metrics.values.set('error_rate', 0.02);
    await evaluator(metrics).evaluateProject(projectId);
    await evaluator(metrics).evaluateProject(projectId);
    await t.jobs.idle();
    await eventually(async () => http.at('/platform').length === 2, 'the resolved platform event');
    expect(http.at('/hook')).toHaveLength(2);
    const resolved = http.at('/hook')[1]!;
    expect(resolved.headers['x-aistudio-event']).toBe('alert.resolved');
    expect(
      verifyWebhookSignature(
        webhook.secret!,
        resolved.body,
        resolved.headers['x-aistudio-signature'] as string,
      ).valid,
    ).toBe(true);
    expect(JSON.parse(resolved.body).data).toMatchObject({ type: 'alert.resolved', value: 0.02 });
    expect(http.at('/slack')).toHaveLength(2);
    expect(oncall()).toHaveLength(2);
    expect(oncall()[1]!.raw).toMatch(/Subject: \[RESOLVED\]/);

    const history = await t.call('GET', `/api/v1/alert-rules/${rule.body.id}/events`, {
      as: viewer,
    });
    expect(
      history.body.items.map((e: { fromState: string; toState: string }) => [
        e.fromState,
        e.toState,
      ]),
    ).toEqual([
      ['firing', 'resolved'],
      ['no_data', 'firing'],
    ]);
    expect(history.body.items[1]).toMatchObject({ value: 0.5, threshold: 0.1, triggeredBy: null });
    expect(history.body.items[1].message).toContain('error_rate > 0.1 over 15m');

    // The same condition sent again, with a new name, is no new question: the state stays.
    const renamed = await t.call('PATCH', `/api/v1/alert-rules/${rule.body.id}`, {
      as: owner,
      body: { name: 'errors high!', threshold: 0.1, window: '15m', metric: 'error_rate' },
    });
    expect(renamed.body).toMatchObject({ name: 'errors high!', state: 'resolved' });
    // A person changing the rule ends its state too, and the history names them.
    await t.call('PATCH', `/api/v1/alert-rules/${rule.body.id}`, {
      as: owner,
      body: { threshold: 0.2 },
    });
    const changed = await t.call('GET', `/api/v1/alert-rules/${rule.body.id}/events`, {
      as: viewer,
    });
    expect(changed.body.items[0]).toMatchObject({
      fromState: 'resolved',
      toState: 'no_data',
      triggeredBy: owner.userId,
    });
    await t.call('DELETE', `/api/v1/alert-rules/${rule.body.id}`, { as: owner });
  });

  it('retries a notification whose receiver fails first, without holding up evaluation', async () => {
    const webhook = await createChannel({
      kind: 'webhook',
      name: 'flaky',
      url: http.url('/flaky'),
    });
    const rule = await createRule({
      name: 'latency',
      metric: 'latency_p95',
      threshold: 200,
      channelIds: [webhook.id],
    });
    await settled(rule.body.id);
    http.failNext(1, '/flaky');
    const metrics = new StandInMetrics();
    metrics.values.set('latency_p95', 350);
    const outcome = await evaluator(metrics).evaluateProject(projectId);
    expect(outcome.transitions).toBe(1);
    await t.jobs.idle();
    await eventually(async () => http.at('/flaky').length === 1, 'the retried delivery', 20_000);
    // The receiver answers before the job records its outcome, so wait for the record too.
    const notifyJob = () =>
      t.database.db
        .select()
        .from(schema.jobs)
        .where(eq(schema.jobs.kind, 'alert.notify'))
        .then((jobs) =>
          jobs.find((j) => (j.payload as { channelId: string }).channelId === webhook.id),
        );
    await eventually(
      async () => (await notifyJob())?.status === 'succeeded',
      'the notification job to finish',
      20_000,
    );
    expect(await notifyJob()).toMatchObject({ status: 'succeeded', attempts: 2 });
    await t.call('DELETE', `/api/v1/alert-rules/${rule.body.id}`, { as: owner });
  });

  it('fires at its first evaluation on traffic served a moment before: refused input counts as an error, no wait for the 10 s count flush', async () => {
    const good = complete.slice(0, 2).map(inputOf);
    for (let i = 0; i < 2; i++) {
      const ok = await t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
        as: owner,
        body: { records: good },
      });
      expect(ok.status).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      const bad = await t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
        as: owner,
        body: { records: [{ ...good[0], 'Beak Length (mm)': 'long' }] },
      });
      expect(bad.status).toBe(422);
    }
    // The first rule of the project is evaluated at once by the app's own evaluator, which writes
    // the counts this process holds before reading them.
    const rule = await createRule({ name: 'real errors', threshold: 0.3, window: '5m' });
    expect(rule.status).toBe(201);
    await settled(rule.body.id);
    const evaluated = await t.call('GET', `/api/v1/alert-rules/${rule.body.id}`, { as: owner });
    expect(evaluated.body.state).toBe('firing');
    expect(evaluated.body.lastValue).toBeCloseTo(3 / 5, 6);
  });

  it('evaluates a project on a schedule while it has rules, and stops when the last goes', async () => {
    const key = `alerts:evaluate:${projectId}`;
    const rule = await createRule({ name: 'scheduled' });
    const [schedule] = await t.database.db
      .select()
      .from(schema.schedules)
      .where(eq(schema.schedules.key, key));
    expect(schedule).toMatchObject({ kind: 'alert.evaluate', projectId, intervalMs: 3_600_000 });
    await t.call('DELETE', `/api/v1/alert-rules/${rule.body.id}`, { as: owner });
    const left = await t.database.db
      .select()
      .from(schema.schedules)
      .where(eq(schema.schedules.key, key));
    expect(left).toEqual([]);

    // Rules deleted with their deployment: the next evaluation ends the schedule they left.
    await createRule({ name: 'orphaned' });
    await t.database.db.delete(schema.alertRules).where(eq(schema.alertRules.projectId, projectId));
    await evaluator(new StandInMetrics()).evaluateProject(projectId);
    expect(
      await t.database.db.select().from(schema.schedules).where(eq(schema.schedules.key, key)),
    ).toEqual([]);
  });
});
