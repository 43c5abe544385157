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

describe(`API keys [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    orgId = await createTeam(t, owner);
  });
  afterAll(() => t.close());

  const createKey = async (body: object) => {
    const reply = await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
      as: owner,
      body: { name: 'ci', ...body },
    });
    expect(reply.status).toBe(201);
    return reply.body;
  };

  it('shows the secret once and stores only its hash', async () => {
    const key = await createKey({ scopes: ['read'] });
    expect(key.secret).toMatch(/^ais_[\w-]{43}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 12));
    const list = await t.call('GET', `/api/v1/orgs/${orgId}/api-keys`, { as: owner });
    expect(JSON.stringify(list.body)).not.toContain(key.secret);
    const rows = await t.database.db.execute(
      sql`select secret_hash from api_keys where id = ${key.id}`,
    );
    const stored = (rows as unknown as { rows: { secret_hash: string }[] }).rows[0]!.secret_hash;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(key.secret);
  });

  it('authenticates a bearer key and records when it was last used', async () => {
    const key = await createKey({ scopes: ['read'] });
    const reply = await t.call('GET', `/api/v1/orgs/${orgId}/projects`, {
      as: { apiKey: key.secret },
    });
    expect(reply.status).toBe(200);
    const list = await t.call('GET', `/api/v1/orgs/${orgId}/api-keys`, { as: owner });
    const listed = list.body.items.find((k: { id: string }) => k.id === key.id);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('needs no CSRF token for key-authenticated writes, within the key scopes', async () => {
    const reader = await createKey({ scopes: ['read'] });
    const writer = await createKey({ scopes: ['read', 'write'] });
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Keyed' } })
    ).body;
    const denied = await t.call('PATCH', `/api/v1/projects/${project.id}`, {
      as: { apiKey: reader.secret },
      body: { name: 'R' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain('scope');
    const allowed = await t.call('PATCH', `/api/v1/projects/${project.id}`, {
      as: { apiKey: writer.secret },
      body: { name: 'W' },
    });
    expect(allowed.status).toBe(200);
  });

  it('answers 401 for a revoked key and for an expired key, saying why', async () => {
    const key = await createKey({ scopes: ['read'] });
    // Used first, so a cached lookup of the key must not outlive its revocation.
    expect(
      (await t.call('GET', `/api/v1/orgs/${orgId}/projects`, { as: { apiKey: key.secret } }))
        .status,
    ).toBe(200);
    expect((await t.call('DELETE', `/api/v1/api-keys/${key.id}`, { as: owner })).status).toBe(204);
    const revoked = await t.call('GET', `/api/v1/orgs/${orgId}/projects`, {
      as: { apiKey: key.secret },
    });
    expect(revoked.status).toBe(401);
    expect(revoked.body.detail).toContain('revoked');

    const expiring = await createKey({
      scopes: ['read'],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await t.database.db.execute(
      sql`update api_keys set expires_at = now() - interval '1 second' where id = ${expiring.id}`,
    );
    const expired = await t.call('GET', `/api/v1/orgs/${orgId}/projects`, {
      as: { apiKey: expiring.secret },
    });
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toContain('expired');
  });

  it('rejects an expiry in the past and a project of another org, naming the field', async () => {
    const past = await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
      as: owner,
      body: { name: 'old', scopes: ['read'], expiresAt: '2000-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].field).toBe('body.expiresAt');
    const foreign = (
      await t.call('POST', `/api/v1/orgs/${owner.personalOrgId}/projects`, {
        as: owner,
        body: { name: 'Mine' },
      })
    ).body;
    const wrongProject = await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
      as: owner,
      body: { name: 'x', scopes: ['read'], projectId: foreign.id },
    });
    expect(wrongProject.status).toBe(400);
    expect(wrongProject.body.errors[0].field).toBe('body.projectId');
  });

  it('confines a project-restricted key to its project', async () => {
    const a = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'A' } })
    ).body;
    const b = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'B' } })
    ).body;
    const key = await createKey({ scopes: ['read', 'write'], projectId: a.id });
    const list = await t.call('GET', `/api/v1/orgs/${orgId}/projects`, {
      as: { apiKey: key.secret },
    });
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect(
      (await t.call('GET', `/api/v1/projects/${b.id}`, { as: { apiKey: key.secret } })).status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/projects/${a.id}`, { as: { apiKey: key.secret } })).status,
    ).toBe(200);
  });

  it("does not reach another org's resources", async () => {
    const key = await createKey({ scopes: ['read', 'write', 'admin'] });
    const stranger = await registerUser(t, 'Stranger');
    const theirs = (
      await t.call('POST', `/api/v1/orgs/${stranger.personalOrgId}/projects`, {
        as: stranger,
        body: { name: 'T' },
      })
    ).body;
    expect(
      (await t.call('GET', `/api/v1/projects/${theirs.id}`, { as: { apiKey: key.secret } })).status,
    ).toBe(404);
    expect(
      (
        await t.call('GET', `/api/v1/orgs/${stranger.personalOrgId}/audit-events`, {
          as: { apiKey: key.secret },
        })
      ).status,
    ).toBe(404);
  });

  it('refuses session-only routes to keys', async () => {
    const key = await createKey({ scopes: ['admin'] });
    const reply = await t.call('POST', '/api/v1/orgs', {
      as: { apiKey: key.secret },
      body: { name: 'By key' },
    });
    expect(reply.status).toBe(403);
  });

  it('answers 401 for a malformed Authorization header', async () => {
    const reply = await t.call('GET', `/api/v1/orgs`, { headers: { authorization: 'Basic abc' } });
    expect(reply.status).toBe(401);
  });

  it('stops working once its creator no longer administers the org', async () => {
    const admin = await registerUser(t, 'Key Admin');
    await t.call('POST', `/api/v1/orgs/${orgId}/members`, {
      as: owner,
      body: { email: admin.email, role: 'admin' },
    });
    const key = (
      await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
        as: admin,
        body: { name: 'theirs', scopes: ['read'] },
      })
    ).body;
    const use = () =>
      t.call('GET', `/api/v1/orgs/${orgId}/projects`, { as: { apiKey: key.secret } });
    expect((await use()).status).toBe(200);
    await t.call('PATCH', `/api/v1/orgs/${orgId}/members/${admin.userId}`, {
      as: owner,
      body: { role: 'member' },
    });
    const demoted = await use();
    expect(demoted.status).toBe(401);
    expect(demoted.body.detail).toContain('no longer administers');
  });

  it('gives a project-restricted key no org-level access beyond listing its project', async () => {
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Only' } })
    ).body;
    const key = await createKey({ scopes: ['admin'], projectId: project.id });
    expect(
      (await t.call('GET', `/api/v1/orgs/${orgId}/members`, { as: { apiKey: key.secret } })).status,
    ).toBe(403);
    const listed = await t.call('GET', `/api/v1/orgs/${orgId}/projects`, {
      as: { apiKey: key.secret },
    });
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([project.id]);
  });
});
