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

// Made-up rows, written for this test; the IBANs are the standard's published examples.
const PAYEES = [
  'id,payee,iban',
  '1,North Mill,GB82 WEST 1234 5698 7654 32',
  '2,Lake Press,DE89 3704 0044 0532 0130 00',
  '3,Fen Works,GB82 WEST 1234 5698 7654 32',
].join('\n');

describe(`reviewer preview of a version held for review [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let admin: SignedIn;
  let member: SignedIn;
  let versionId: string;
  let reviewId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    admin = await registerUser(t, 'Ada Admin');
    member = await registerUser(t, 'Mo Member');
    const orgId = await createTeam(t, owner, [
      { user: admin, role: 'admin' },
      { user: member, role: 'member' },
    ]);
    const project = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'Payments' },
    });
    await t.call('POST', `/api/v1/projects/${project.body.id}/members`, {
      as: owner,
      body: { userId: member.userId, role: 'editor' },
    });
    // IBANs go to review by default; a non-commercial licence would too.
    const reply = await postMultipart(
      t,
      `/api/v1/projects/${project.body.id}/datasets`,
      member,
      { name: 'payees', license: 'CC-BY-NC-4.0', attestation: '1' },
      { file: { fileName: 'payees.csv', content: PAYEES } },
    );
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    versionId = reply.body.version.id;
    const version = await t.call('GET', `/api/v1/dataset-versions/${versionId}`, { as: admin });
    expect(version.body.status).toBe('review');
    reviewId = version.body.review.id;
  });
  afterAll(() => t.close());

  it('shows an org admin the rows, schema, masked PII examples and licence evidence', async () => {
    const preview = await t.call('GET', `/api/v1/reviews/${reviewId}/preview?limit=2`, {
      as: admin,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.totalRows).toBe(3);
    expect(preview.body.columns.map((c: { name: string }) => c.name)).toEqual([
      'id',
      'payee',
      'iban',
    ]);
    expect(preview.body.rows).toEqual([
      [1, 'North Mill', 'GB82 WEST 1234 5698 7654 32'],
      [2, 'Lake Press', 'DE89 3704 0044 0532 0130 00'],
    ]);
    const version = await t.call('GET', `/api/v1/dataset-versions/${versionId}`, { as: admin });
    expect(version.body.schema.map((c: { name: string }) => c.name)).toEqual([
      'id',
      'payee',
      'iban',
    ]);
    const iban = version.body.governance.pii.columns.find(
      (c: { column: string }) => c.column === 'iban',
    );
    expect(iban.kinds.iban.rows).toBe(3);
    for (const example of iban.kinds.iban.examples) {
      expect(example).toMatch(/^[A-Z]{2}\*\*/);
      expect(example).not.toContain('WEST 1234');
    }
    expect(version.body.governance.license).toMatchObject({ licenseId: 'CC-BY-NC-4.0' });
  });

  it('keeps the held rows from the uploader and the dataset preview', async () => {
    const asMember = await t.call('GET', `/api/v1/reviews/${reviewId}/preview`, { as: member });
    expect(asMember.status).toBe(403);
    const held = await t.call('GET', `/api/v1/dataset-versions/${versionId}/preview`, {
      as: admin,
    });
    expect(held.status).toBe(409);
  });

  it('still previews after a decision, so the reviewer can show what was approved', async () => {
    const approved = await t.call('POST', `/api/v1/reviews/${reviewId}/approve`, {
      as: admin,
      body: { reason: 'research use agreed with the payees' },
    });
    expect(approved.status).toBe(200);
    const preview = await t.call('GET', `/api/v1/reviews/${reviewId}/preview`, { as: admin });
    expect(preview.status).toBe(200);
  });

  it('stops previewing once the dataset is deleted (its purge is only pending)', async () => {
    const version = await t.call('GET', `/api/v1/dataset-versions/${versionId}`, { as: admin });
    const deleted = await t.call('DELETE', `/api/v1/datasets/${version.body.datasetId}`, {
      as: owner,
    });
    expect(deleted.status).toBe(204);
    const preview = await t.call('GET', `/api/v1/reviews/${reviewId}/preview`, { as: admin });
    expect(preview.status).toBe(409);
    expect(preview.body.detail).toContain('deleted');
  });
});
