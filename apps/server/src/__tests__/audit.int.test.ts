import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from './support/test-app.js';

describe(`audit log [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let member: SignedIn;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    member = await registerUser(t, 'Member');
    orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
  });
  afterAll(() => t.close());

  const events = async (query = '') =>
    (await t.call('GET', `/api/v1/orgs/${orgId}/audit-events${query}`, { as: owner })).body;

  it('records each mutation with actor, target, IP and user agent', async () => {
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: owner,
        body: { name: 'Audited' },
        headers: { 'user-agent': 'audit-test/1.0' },
      })
    ).body;
    const page = await events('?action=project.create');
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      action: 'project.create',
      actorType: 'user',
      actorId: owner.userId,
      actorName: 'Olive Owner',
      targetType: 'project',
      targetId: project.id,
      projectId: project.id,
      userAgent: 'audit-test/1.0',
      summary: 'Created project "Audited"',
    });
    expect(page.items[0].ip).toBeTruthy();
  });

  it('records API-key actors', async () => {
    const key = (
      await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
        as: owner,
        body: { name: 'robot', scopes: ['write'] },
      })
    ).body;
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'ByKey' } })
    ).body;
    await t.call('PATCH', `/api/v1/projects/${project.id}`, {
      as: { apiKey: key.secret },
      body: { description: 'edited by a robot' },
    });
    const page = await events(`?action=project.update&targetId=${project.id}`);
    expect(page.items[0]).toMatchObject({
      actorType: 'api_key',
      actorId: key.id,
      actorName: 'robot',
    });
  });

  it('writes nothing for a failed mutation', async () => {
    const before = (await events('?limit=200')).items.length;
    const reply = await t.call('PATCH', `/api/v1/orgs/${orgId}/members/${owner.userId}`, {
      as: owner,
      body: { role: 'viewer' },
    });
    expect(reply.status).toBe(422);
    expect((await events('?limit=200')).items.length).toBe(before);
  });

  it('filters by time and paginates newest first', async () => {
    const since = new Date().toISOString();
    for (const name of ['one', 'two', 'three'])
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name } });
    const first = await events(`?since=${encodeURIComponent(since)}&limit=2`);
    expect(first.items.map((e: { summary: string }) => e.summary)).toEqual([
      'Created project "three"',
      'Created project "two"',
    ]);
    const rest = await events(
      `?since=${encodeURIComponent(since)}&limit=2&cursor=${first.nextCursor}`,
    );
    expect(rest.items.map((e: { summary: string }) => e.summary)).toEqual([
      'Created project "one"',
    ]);
  });

  it('is readable by owners and admins only', async () => {
    const reply = await t.call('GET', `/api/v1/orgs/${orgId}/audit-events`, { as: member });
    expect(reply.status).toBe(403);
  });

  it('is append-only in the database itself', async () => {
    await expect(
      t.database.db.execute(sql`update audit_events set summary = 'tampered'`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    expect((await events()).items.length).toBeGreaterThan(0);
  });
});
