import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@aistudio/db';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';
import { WebhookReceiver } from './webhook-receiver.js';

const CSV =
  'x,z,y\n' +
  Array.from({ length: 40 }, (_, i) => `${i},${i % 7},${i < 20 ? 'low' : 'high'}`).join('\n');

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 25_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`webhooks [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let editor: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    // Three attempts and two failed deliveries keep the retry and disable paths to seconds.
    t = await createTestApp({
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
      WEBHOOKS_MAX_ATTEMPTS: '3',
      WEBHOOKS_DISABLE_AFTER_FAILURES: '2',
      WEBHOOKS_TIMEOUT_MS: '5000',
    });
    await receiver.start();
    owner = await setupOwner(t);
    editor = await registerUser(t, 'Eddie Editor');
    outsider = await registerUser(t, 'Otto Outsider');
    const orgId = await createTeam(t, owner, [{ user: editor, role: 'member' }]);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Hooks' } })
    ).body.id as string;
    await t.call('POST', `/api/v1/projects/${projectId}/members`, {
      as: owner,
      body: { userId: editor.userId, role: 'editor' },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  async function subscribe(path: string, events: string[]) {
    const reply = await t.call('POST', `/api/v1/projects/${projectId}/webhooks`, {
      as: owner,
      body: { url: receiver.url(path), events, description: `receiver ${path}` },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    receiver.secret(path, reply.body.secret as string);
    return reply.body as { id: string; secret: string };
  }

  const deliveries = async (webhookId: string) =>
    (await t.call('GET', `/api/v1/webhooks/${webhookId}/deliveries`, { as: owner })).body
      .items as any[];

  async function upload(name: string, license = 'CC0-1.0') {
    const reply = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name, license, attestation: '1' },
      { file: { fileName: `${name}.csv`, content: CSV } },
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(202);
    return reply.body.version.id as string;
  }

  it('shows the secret once and stores it encrypted', async () => {
    const created = await subscribe('/secret-check', ['run.failed']);
    expect(created.secret).toMatch(/^whsec_/);
    const read = await t.call('GET', `/api/v1/webhooks/${created.id}`, { as: owner });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    const [row] = await t.database.db
      .select()
      .from(schema.webhooks)
      .where(eq(schema.webhooks.id, created.id));
    expect(row!.secretCiphertext).not.toContain(created.secret);
    expect(row!.secretCiphertext.startsWith('v1.')).toBe(true);
  });

  it('refuses unknown events and unsafe URLs with 422 naming the field, writing nothing', async () => {
    const before = await t.call('GET', `/api/v1/projects/${projectId}/webhooks`, { as: owner });
    const cases: [unknown, string, RegExp][] = [
      [
        { url: receiver.url('/x'), events: ['run.succeeded', 'run.exploded'] },
        'events[1]',
        /not an event/,
      ],
      [{ url: 'http://10.1.2.3/hook', events: ['run.failed'] }, 'url', /private/],
      [{ url: 'http://169.254.169.254/latest', events: ['run.failed'] }, 'url', /link-local/],
      [{ url: 'http://[::ffff:192.168.0.1]/', events: ['run.failed'] }, 'url', /private/],
      [{ url: 'https://user:pw@example.com/', events: ['run.failed'] }, 'url', /credentials/],
      [{ url: 'ftp://example.com/', events: ['run.failed'] }, 'url', /http or https/],
    ];
    for (const [body, field, message] of cases) {
      const reply = await t.call('POST', `/api/v1/projects/${projectId}/webhooks`, {
        as: owner,
        body,
      });
      expect(reply.status, JSON.stringify(body)).toBe(422);
      expect(reply.headers['content-type']).toContain('application/problem+json');
      expect(reply.body.errors[0].field).toBe(field);
      expect(reply.body.errors[0].message).toMatch(message);
    }
    const after = await t.call('GET', `/api/v1/projects/${projectId}/webhooks`, { as: owner });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('lets only project owners manage webhooks, and hides them from other tenants', async () => {
    const created = await subscribe('/authz', ['run.failed']);
    const asEditor = await t.call('GET', `/api/v1/webhooks/${created.id}`, { as: editor });
    expect(asEditor.status).toBe(403);
    const createAsEditor = await t.call('POST', `/api/v1/projects/${projectId}/webhooks`, {
      as: editor,
      body: { url: receiver.url('/authz'), events: ['run.failed'] },
    });
    expect(createAsEditor.status).toBe(403);
    const asOutsider = await t.call('GET', `/api/v1/webhooks/${created.id}`, { as: outsider });
    expect(asOutsider.status).toBe(404);
    const deleteAsOutsider = await t.call('DELETE', `/api/v1/webhooks/${created.id}`, {
      as: outsider,
    });
    expect(deleteAsOutsider.status).toBe(404);
  });

  it('delivers dataset_version.created, signed, when an upload is ingested', async () => {
    const hook = await subscribe('/datasets', ['dataset_version.created']);
    const versionId = await upload('birds');
    const [delivery] = await waitFor(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'succeeded',
      'the dataset delivery',
    );
    const [received] = receiver.at('/datasets');
    expect(received!.verdict).toEqual({ valid: true, timestamp: expect.any(Number) });
    expect(received!.headers['x-aistudio-event']).toBe('dataset_version.created');
    expect(received!.headers['x-aistudio-delivery']).toBe(delivery.id);
    expect(received!.json).toMatchObject({
      type: 'dataset_version.created',
      projectId,
      data: { versionId, datasetName: 'birds', rowCount: 40, version: 1 },
    });
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null }),
    ]);
    expect(Buffer.byteLength(delivery.attempts[0].responseExcerpt)).toBeLessThanOrEqual(1024);
    expect(delivery.attempts[0].responseExcerpt).toMatch(/^answered 200/);
  });

  it('delivers review_requested for data held for review, and created once it is approved', async () => {
    const hook = await subscribe('/reviews', [
      'dataset_version.created',
      'dataset_version.review_requested',
    ]);
    const versionId = await upload('non-commercial', 'CC-BY-NC-4.0');
    await waitFor(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'succeeded',
      'the review_requested delivery',
    );
    expect(receiver.at('/reviews').map((r) => r.json.type)).toEqual([
      'dataset_version.review_requested',
    ]);
    expect(receiver.at('/reviews')[0]!.json.data).toMatchObject({
      versionId,
      reason: expect.stringMatching(/licence/),
    });
    const version = await t.call('GET', `/api/v1/dataset-versions/${versionId}`, { as: owner });
    const approved = await t.call('POST', `/api/v1/reviews/${version.body.review.id}/approve`, {
      as: owner,
      body: { reason: 'research use agreed with the data owner' },
    });
    expect(approved.status).toBe(200);
    await waitFor(
      () => deliveries(hook.id),
      (items) => items.length === 2 && items.every((d: any) => d.status === 'succeeded'),
      'the created delivery after approval',
    );
    expect(receiver.at('/reviews').map((r) => r.json.type)).toEqual([
      'dataset_version.review_requested',
      'dataset_version.created',
    ]);
  });

  it('retries a failing receiver with growing backoff until it answers', async () => {
    const hook = await subscribe('/flaky', ['run.failed']);
    receiver.script('/flaky', [503, 503, 200]);
    const test = await t.call('POST', `/api/v1/webhooks/${hook.id}/test`, { as: owner });
    expect(test.status).toBe(202);
    expect(test.body.eventType).toBe('ping');
    const early = await t.call(
      'POST',
      `/api/v1/webhooks/${hook.id}/deliveries/${test.body.id}/resend`,
      { as: owner },
    );
    expect(early.status).toBe(409);
    const [delivery] = await waitFor(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'succeeded',
      'the retried delivery',
    );
    expect(delivery.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 200]);
    expect(delivery.attempts[0].responseExcerpt).toMatch(/^answered 503/);
    const started = delivery.attempts.map((a: any) => Date.parse(a.startedAt));
    // The queue waits at least 1 s, then 2 s, between attempts (lower bounds; load only adds).
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(900);
    expect(started[2] - started[1]).toBeGreaterThanOrEqual(1900);
    const flaky = receiver.at('/flaky');
    expect(new Set(flaky.map((r) => r.headers['x-aistudio-delivery']))).toEqual(
      new Set([delivery.id]),
    );
    expect(flaky.every((r) => r.verdict?.valid)).toBe(true);
  }, 30_000);

  it('disables a webhook after repeated failed deliveries, with an audit event', async () => {
    const hook = await subscribe('/down', ['dataset_version.created']);
    receiver.script('/down', [500]);
    await upload('down-1');
    await waitFor(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'failed',
      'the first failed delivery',
    );
    await upload('down-2');
    const webhook = await waitFor(
      async () => (await t.call('GET', `/api/v1/webhooks/${hook.id}`, { as: owner })).body,
      (body) => body.enabled === false,
      'the webhook to be disabled',
    );
    expect(webhook.consecutiveFailures).toBe(2);
    expect(webhook.disabledReason).toMatch(/2 failed deliveries in a row \(last: HTTP 500\)/);
    const items = await deliveries(hook.id);
    expect(items.map((d: any) => d.status)).toEqual(['failed', 'failed']);
    expect(items[0].attempts).toHaveLength(3);
    const orgId = (await t.call('GET', `/api/v1/projects/${projectId}`, { as: owner })).body.orgId;
    const audit = await t.call('GET', `/api/v1/orgs/${orgId}/audit-events?action=webhook.disable`, {
      as: owner,
    });
    expect(audit.body.items).toEqual([
      expect.objectContaining({ targetId: hook.id, actorType: 'system' }),
    ]);

    // Disabled: a new event is not delivered to it.
    const sentBefore = receiver.at('/down').length;
    await upload('down-3');
    await t.jobs.idle();
    expect(await deliveries(hook.id)).toHaveLength(2);
    expect(receiver.at('/down')).toHaveLength(sentBefore);

    // Re-enabling resets the count; a resend goes out again under the same delivery id.
    receiver.script('/down', [200]);
    const enabled = await t.call('PATCH', `/api/v1/webhooks/${hook.id}`, {
      as: owner,
      body: { enabled: true },
    });
    expect(enabled.body).toMatchObject({
      enabled: true,
      consecutiveFailures: 0,
      disabledReason: null,
    });
    const resent = await t.call(
      'POST',
      `/api/v1/webhooks/${hook.id}/deliveries/${items[0].id}/resend`,
      { as: owner },
    );
    expect(resent.status).toBe(202);
    const again = await waitFor(
      () => deliveries(hook.id),
      (list) => list[0]?.status === 'succeeded',
      'the resent delivery',
    );
    expect(again[0].attempts.map((a: any) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(receiver.at('/down').at(-1)!.headers['x-aistudio-delivery']).toBe(items[0].id);
  }, 60_000);

  it('signs with the new secret after a rotation', async () => {
    const hook = await subscribe('/rotate', ['run.failed']);
    const rotated = await t.call('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, {
      as: owner,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    receiver.secret('/rotate', rotated.body.secret);
    await t.call('POST', `/api/v1/webhooks/${hook.id}/test`, { as: owner });
    await waitFor(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'succeeded',
      'the ping',
    );
    expect(receiver.at('/rotate')[0]!.verdict?.valid).toBe(true);
  });

  it('delivers run, model version, alias and deployment events from the real actions', async () => {
    const hook = await subscribe('/models', [
      'run.succeeded',
      'model_version.created',
      'model_version_alias.updated',
      'deployment.updated',
    ]);
    const versionId = await upload('train');
    await t.jobs.idle();
    const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId: versionId, target: 'y', algorithm: 'gbdt', params: { nIter: 5 } },
    });
    expect(run.status).toBe(202);
    await waitFor(
      async () => (await t.call('GET', `/api/v1/runs/${run.body.id}`, { as: owner })).body,
      (body) => body.status === 'succeeded',
      'the run',
    );
    const model = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: owner,
      body: { name: 'birds-model' },
    });
    const version = await t.call('POST', `/api/v1/models/${model.body.id}/versions`, {
      as: owner,
      body: { runId: run.body.id },
    });
    expect(version.status).toBe(201);
    const alias = await t.call('PUT', `/api/v1/models/${model.body.id}/aliases/champion`, {
      as: owner,
      body: { version: 1 },
    });
    expect(alias.status).toBe(200);
    const deployment = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: {
        name: 'birds',
        routes: [{ modelId: model.body.id, version: 'champion', weight: 100 }],
      },
    });
    expect(deployment.status).toBe(201);
    const removed = await t.call('DELETE', `/api/v1/deployments/${deployment.body.id}`, {
      as: owner,
    });
    expect(removed.status).toBe(204);
    const items = await waitFor(
      () => deliveries(hook.id),
      (list) => list.length === 5 && list.every((d: any) => d.status === 'succeeded'),
      'the run, model and deployment deliveries',
    );
    expect(items.map((d: any) => d.eventType).sort()).toEqual([
      'deployment.updated',
      'deployment.updated',
      'model_version.created',
      'model_version_alias.updated',
      'run.succeeded',
    ]);
    const received = receiver.at('/models').map((r) => r.json);
    expect(received.find((e) => e.type === 'model_version_alias.updated')!.data).toMatchObject({
      alias: 'champion',
      fromVersion: null,
      toVersion: 1,
    });
    expect(
      received.filter((e) => e.type === 'deployment.updated').map((e) => e.data.action),
    ).toEqual(expect.arrayContaining(['created', 'deleted']));
    const runEvent = receiver.at('/models').find((r) => r.json.type === 'run.succeeded')!;
    expect(runEvent.json.data).toMatchObject({ runId: run.body.id, status: 'succeeded' });
    expect(runEvent.verdict?.valid).toBe(true);
  }, 60_000);

  it('deletes a webhook with its deliveries', async () => {
    const hook = await subscribe('/gone', ['run.failed']);
    await t.call('POST', `/api/v1/webhooks/${hook.id}/test`, { as: owner });
    const removed = await t.call('DELETE', `/api/v1/webhooks/${hook.id}`, { as: owner });
    expect(removed.status).toBe(204);
    expect((await t.call('GET', `/api/v1/webhooks/${hook.id}`, { as: owner })).status).toBe(404);
    await t.jobs.idle();
    const left = await t.database.db
      .select()
      .from(schema.webhookDeliveries)
      .where(eq(schema.webhookDeliveries.webhookId, hook.id));
    expect(left).toEqual([]);
  });
});
