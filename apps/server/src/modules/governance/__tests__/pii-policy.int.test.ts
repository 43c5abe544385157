import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// Made-up people, written for this test.
const CONTACTS = [
  'id,email,note',
  '1,ann.lee@example.com,called twice',
  '2,bob.ray@example.org,prefers mail',
  '3,cy.moss@example.net,no answer',
  '4,dee.fox@example.com,',
].join('\n');

describe(`org PII policy and masking into a new version [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let member: SignedIn;
  let orgId: string;
  let projectId: string;

  const policy = (as: SignedIn, body?: unknown) =>
    body === undefined
      ? t.call('GET', `/api/v1/orgs/${orgId}/pii-policy`, { as })
      : t.call('PUT', `/api/v1/orgs/${orgId}/pii-policy`, { as, body });

  async function upload(name: string, content = CONTACTS) {
    const reply = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name, license: 'user-owned', attestation: '1' },
      { file: { fileName: 'contacts.csv', content } },
    );
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    const versions = await t.call('GET', `/api/v1/datasets/${reply.body.dataset.id}/versions`, {
      as: owner,
    });
    return versions.body.items.sort(
      (a: { number: number }, b: { number: number }) => a.number - b.number,
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    member = await registerUser(t, 'Mia Member');
    orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: owner,
        body: { name: 'Contacts' },
      })
    ).body.id;
  });
  afterAll(() => t.close());

  it('shows members the defaults until an admin changes them', async () => {
    const reply = await policy(member);
    expect(reply.status).toBe(200);
    expect(reply.body.kinds.email).toEqual({ action: 'mask', method: 'hash' });
    expect(reply.body.kinds.payment_card).toEqual({ action: 'block' });
    expect(reply.body.overrides).toEqual({ kinds: {} });
  });

  it('refuses a change from a member and bad rules naming the field', async () => {
    expect((await policy(member, { kinds: { email: { action: 'review' } } })).status).toBe(403);
    const badMethod = await policy(owner, {
      kinds: { email: { action: 'mask', method: 'rot13' } },
    });
    expect(badMethod.status).toBe(400);
    expect(badMethod.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(badMethod.body.errors)).toContain('kinds.email');
    const badKind = await policy(owner, { kinds: { passport: { action: 'block' } } });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body.errors)).toContain('kinds');
    expect((await policy(member)).body.overrides).toEqual({ kinds: {} });
  });

  it('sends e-mail addresses to review when the org says so, and audits the change', async () => {
    const saved = await policy(owner, { kinds: { email: { action: 'review' } } });
    expect(saved.status).toBe(200);
    expect(saved.body.kinds.email).toEqual({ action: 'review' });
    expect(saved.body.kinds.phone).toEqual({ action: 'mask', method: 'hash' });
    const [v1] = await upload('reviewed');
    expect(v1.status).toBe('review');
    expect(v1.review.reason).toContain('e-mail addresses');
    const audit = await t.call('GET', `/api/v1/orgs/${orgId}/audit-events`, { as: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain(
      'org.pii_policy.update',
    );
  });

  it('masks into the next version (lineage names parent and method); the original is refused', async () => {
    await policy(owner, { kinds: { email: { action: 'mask', method: 'redact' } } });
    const [original, masked] = await upload('redacted');
    expect(original.status).toBe('rejected');
    expect(original.error).toContain(`masked into version 2`);
    expect(masked).toMatchObject({
      number: 2,
      status: 'ready',
      source: 'mask',
      parentVersionId: original.id,
      lineage: {
        source: 'mask',
        parentVersionId: original.id,
        trigger: 'policy',
        columns: [{ name: 'email', method: 'redact', scope: 'value', kinds: ['email'] }],
        hashKeyId: null,
      },
    });
    const preview = await t.call('GET', `/api/v1/dataset-versions/${masked.id}/preview`, {
      as: owner,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.rows.map((r: unknown[]) => r[1])).toEqual(Array(4).fill('[REDACTED]'));
    expect(preview.body.rows.map((r: unknown[]) => r[2])).toEqual([
      'called twice',
      'prefers mail',
      'no answer',
      null,
    ]);
    // The unmasked rows cannot be read (nor trained on: only ready versions can).
    const refused = await t.call('GET', `/api/v1/dataset-versions/${original.id}/preview`, {
      as: owner,
    });
    expect(refused.status).toBe(409);
  });

  it('masks the columns a user asks for into the next version, keeping the original', async () => {
    const [original] = await upload('cities', 'id,city,note\n1,Oslo,first\n2,Lima,\n3,Oslo,third');
    expect(original.status).toBe('ready');
    const bad = await t.call('POST', `/api/v1/dataset-versions/${original.id}/mask`, {
      as: owner,
      body: { columns: [{ name: 'town', method: 'redact' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('columns.0.name');
    const reply = await t.call('POST', `/api/v1/dataset-versions/${original.id}/mask`, {
      as: owner,
      body: {
        columns: [
          { name: 'city', method: 'hash' },
          { name: 'note', method: 'redact' },
        ],
      },
    });
    expect(reply.status).toBe(202);
    expect(reply.body.lineage).toMatchObject({
      source: 'mask',
      parentVersionId: original.id,
      trigger: 'request',
      columns: [
        { name: 'city', method: 'hash', scope: 'value', kinds: [] },
        { name: 'note', method: 'redact', scope: 'value', kinds: [] },
      ],
    });
    expect(reply.body.lineage.hashKeyId).toMatch(/^hmac-sha256:/);
    await t.jobs.idle();
    const preview = await t.call(
      'GET',
      `/api/v1/dataset-versions/${reply.body.versionId}/preview`,
      {
        as: owner,
      },
    );
    expect(preview.status).toBe(200);
    const [first, second, third] = preview.body.rows as [number, string, string | null][];
    expect(first![1]).toMatch(/^[0-9a-f]{64}$/);
    expect(third![1]).toBe(first![1]);
    expect(second![1]).not.toBe(first![1]);
    expect([first![2], second![2], third![2]]).toEqual(['[REDACTED]', null, '[REDACTED]']);
    const kept = await t.call('GET', `/api/v1/dataset-versions/${original.id}`, { as: owner });
    expect(kept.body.status).toBe('ready');
  });

  it('hashes with the org key and records its fingerprint, never the key', async () => {
    await policy(owner, { kinds: {} });
    const [, masked] = await upload('hashed');
    expect(masked.status).toBe('ready');
    expect(masked.lineage.hashKeyId).toMatch(/^hmac-sha256:[0-9a-f]{16}$/);
    expect(JSON.stringify(masked)).not.toContain('test-secret-key');
    const preview = await t.call('GET', `/api/v1/dataset-versions/${masked.id}/preview`, {
      as: owner,
    });
    for (const row of preview.body.rows as string[][]) expect(row[1]).toMatch(/^[0-9a-f]{64}$/);
  });
});
