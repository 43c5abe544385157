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

describe(`organizations and projects [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
  });
  afterAll(() => t.close());

  it('gives every user a personal org they own', async () => {
    const user = await registerUser(t, 'Personal');
    const orgs = await t.call('GET', '/api/v1/orgs', { as: user });
    expect(orgs.body.items).toEqual([
      expect.objectContaining({ id: user.personalOrgId, kind: 'personal', role: 'owner' }),
    ]);
  });

  it('returns 404, not 403, for an org and a project of another tenant', async () => {
    const alice = await registerUser(t, 'Alice');
    const bob = await registerUser(t, 'Bob');
    const project = await t.call('POST', `/api/v1/orgs/${alice.personalOrgId}/projects`, {
      as: alice,
      body: { name: 'Secret' },
    });
    expect(project.status).toBe(201);
    for (const url of [
      `/api/v1/orgs/${alice.personalOrgId}`,
      `/api/v1/orgs/${alice.personalOrgId}/projects`,
      `/api/v1/projects/${project.body.id}`,
      `/api/v1/projects/${project.body.id}/members`,
    ]) {
      const reply = await t.call('GET', url, { as: bob });
      expect(reply.status, url).toBe(404);
      expect(JSON.stringify(reply.body)).not.toContain('Secret');
    }
    const write = await t.call('PATCH', `/api/v1/projects/${project.body.id}`, {
      as: bob,
      body: { name: 'Pwned' },
    });
    expect(write.status).toBe(404);
  });

  it('refuses members in a personal org', async () => {
    const user = await registerUser(t, 'Solo');
    const other = await registerUser(t, 'Other');
    const reply = await t.call('POST', `/api/v1/orgs/${user.personalOrgId}/members`, {
      as: user,
      body: { email: other.email, role: 'member' },
    });
    expect(reply.status).toBe(422);
  });

  it('keeps at least one owner', async () => {
    const orgId = await createTeam(t, owner);
    const demote = await t.call('PATCH', `/api/v1/orgs/${orgId}/members/${owner.userId}`, {
      as: owner,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(422);
    const leave = await t.call('DELETE', `/api/v1/orgs/${orgId}/members/${owner.userId}`, {
      as: owner,
    });
    expect(leave.status).toBe(422);
  });

  it('lets admins manage members but not grant ownership', async () => {
    const admin = await registerUser(t, 'Admin');
    const member = await registerUser(t, 'Member');
    const orgId = await createTeam(t, owner, [
      { user: admin, role: 'admin' },
      { user: member, role: 'member' },
    ]);
    const promote = await t.call('PATCH', `/api/v1/orgs/${orgId}/members/${member.userId}`, {
      as: admin,
      body: { role: 'owner' },
    });
    expect(promote.status).toBe(403);
    const toViewer = await t.call('PATCH', `/api/v1/orgs/${orgId}/members/${member.userId}`, {
      as: admin,
      body: { role: 'viewer' },
    });
    expect(toViewer.status).toBe(200);
    expect(toViewer.body.role).toBe('viewer');
    const removeOwner = await t.call('DELETE', `/api/v1/orgs/${orgId}/members/${owner.userId}`, {
      as: admin,
    });
    expect(removeOwner.status).toBe(403);
  });

  it('lets a member leave a team org', async () => {
    const member = await registerUser(t, 'Quitter');
    const orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
    expect(
      (await t.call('DELETE', `/api/v1/orgs/${orgId}/members/${member.userId}`, { as: member }))
        .status,
    ).toBe(204);
    expect((await t.call('GET', `/api/v1/orgs/${orgId}`, { as: member })).status).toBe(404);
  });

  it('shows a project to org members only once it is shared with them', async () => {
    const member = await registerUser(t, 'Sharee');
    const orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: owner,
        body: { name: 'Shared' },
      })
    ).body;
    expect((await t.call('GET', `/api/v1/projects/${project.id}`, { as: member })).status).toBe(
      404,
    );
    expect(
      (await t.call('GET', `/api/v1/orgs/${orgId}/projects`, { as: member })).body.items,
    ).toEqual([]);

    const share = await t.call('POST', `/api/v1/projects/${project.id}/members`, {
      as: owner,
      body: { userId: member.userId, role: 'viewer' },
    });
    expect(share.status).toBe(201);
    const seen = await t.call('GET', `/api/v1/orgs/${orgId}/projects`, { as: member });
    expect(seen.body.items).toEqual([expect.objectContaining({ id: project.id, role: 'viewer' })]);
    expect(
      (await t.call('PATCH', `/api/v1/projects/${project.id}`, { as: member, body: { name: 'X' } }))
        .status,
    ).toBe(403);

    await t.call('PATCH', `/api/v1/projects/${project.id}/members/${member.userId}`, {
      as: owner,
      body: { role: 'editor' },
    });
    const renamed = await t.call('PATCH', `/api/v1/projects/${project.id}`, {
      as: member,
      body: { name: 'Renamed' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', role: 'editor' });
  });

  it('refuses to share a project with someone outside the org', async () => {
    const outsider = await registerUser(t, 'Outsider');
    const orgId = await createTeam(t, owner);
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: owner,
        body: { name: 'Inside' },
      })
    ).body;
    const reply = await t.call('POST', `/api/v1/projects/${project.id}/members`, {
      as: owner,
      body: { userId: outsider.userId, role: 'editor' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].field).toBe('body.userId');
  });

  it('archives, hides, refuses edits to, and restores a project', async () => {
    const orgId = await createTeam(t, owner);
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Old' } })
    ).body;
    const archived = await t.call('DELETE', `/api/v1/projects/${project.id}`, { as: owner });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect(
      (await t.call('GET', `/api/v1/orgs/${orgId}/projects`, { as: owner })).body.items,
    ).toEqual([]);
    const only = await t.call('GET', `/api/v1/orgs/${orgId}/projects?archived=only`, { as: owner });
    expect(only.body.items.map((p: { id: string }) => p.id)).toEqual([project.id]);
    expect(
      (
        await t.call('PATCH', `/api/v1/projects/${project.id}`, {
          as: owner,
          body: { name: 'New' },
        })
      ).status,
    ).toBe(409);
    expect(
      (await t.call('POST', `/api/v1/projects/${project.id}/restore`, { as: owner })).body
        .archivedAt,
    ).toBeNull();
  });

  it('transfers ownership to an org member, keeping the old owner as editor', async () => {
    const creator = await registerUser(t, 'Creator');
    const heir = await registerUser(t, 'Heir');
    const orgId = await createTeam(t, owner, [
      { user: creator, role: 'member' },
      { user: heir, role: 'member' },
    ]);
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: creator,
        body: { name: 'Handover' },
      })
    ).body;
    const moved = await t.call('POST', `/api/v1/projects/${project.id}/transfer`, {
      as: creator,
      body: { userId: heir.userId },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ ownerId: heir.userId, role: 'editor' });
    expect((await t.call('GET', `/api/v1/projects/${project.id}`, { as: heir })).body.role).toBe(
      'owner',
    );
    expect((await t.call('DELETE', `/api/v1/projects/${project.id}`, { as: creator })).status).toBe(
      403,
    );
  });

  it('paginates projects newest first with an opaque cursor', async () => {
    const orgId = await createTeam(t, owner);
    for (const name of ['p1', 'p2', 'p3']) {
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name } });
    }
    const first = await t.call('GET', `/api/v1/orgs/${orgId}/projects?limit=2`, { as: owner });
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual(['p3', 'p2']);
    const second = await t.call(
      'GET',
      `/api/v1/orgs/${orgId}/projects?limit=2&cursor=${first.body.nextCursor}`,
      { as: owner },
    );
    expect(second.body.items.map((p: { name: string }) => p.name)).toEqual(['p1']);
    expect(second.body.nextCursor).toBeNull();
    const bad = await t.call('GET', `/api/v1/orgs/${orgId}/projects?cursor=garbage`, { as: owner });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.cursor');
  });

  it('removing a member drops their project roles and hands their projects to the remover', async () => {
    const admin = await registerUser(t, 'Remover');
    const leaver = await registerUser(t, 'Removed');
    const orgId = await createTeam(t, owner, [
      { user: admin, role: 'admin' },
      { user: leaver, role: 'member' },
    ]);
    const theirs = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: leaver,
        body: { name: 'Theirs' },
      })
    ).body;
    const shared = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: owner,
        body: { name: 'Shared' },
      })
    ).body;
    await t.call('POST', `/api/v1/projects/${shared.id}/members`, {
      as: owner,
      body: { userId: leaver.userId, role: 'editor' },
    });

    expect(
      (await t.call('DELETE', `/api/v1/orgs/${orgId}/members/${leaver.userId}`, { as: admin }))
        .status,
    ).toBe(204);
    expect((await t.call('GET', `/api/v1/projects/${theirs.id}`, { as: admin })).body.ownerId).toBe(
      admin.userId,
    );
    const members = await t.call('GET', `/api/v1/projects/${shared.id}/members`, { as: owner });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).not.toContain(
      leaver.userId,
    );

    // Re-joining later starts from nothing: no old project role comes back.
    await t.call('POST', `/api/v1/orgs/${orgId}/members`, {
      as: owner,
      body: { email: leaver.email, role: 'member' },
    });
    expect((await t.call('GET', `/api/v1/projects/${shared.id}`, { as: leaver })).status).toBe(404);
  });

  it('refuses to let a member leave while they own projects', async () => {
    const member = await registerUser(t, 'Owner Of Things');
    const orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
    await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: member, body: { name: 'Mine' } });
    const reply = await t.call('DELETE', `/api/v1/orgs/${orgId}/members/${member.userId}`, {
      as: member,
    });
    expect(reply.status).toBe(422);
    expect(reply.body.detail).toContain('transfer');
  });

  it('refuses membership changes on an archived project', async () => {
    const member = await registerUser(t, 'Late Sharee');
    const orgId = await createTeam(t, owner, [{ user: member, role: 'member' }]);
    const project = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
        as: owner,
        body: { name: 'Frozen' },
      })
    ).body;
    await t.call('DELETE', `/api/v1/projects/${project.id}`, { as: owner });
    const reply = await t.call('POST', `/api/v1/projects/${project.id}/members`, {
      as: owner,
      body: { userId: member.userId, role: 'viewer' },
    });
    expect(reply.status).toBe(409);
  });

  it('lets an invitation lapse when its creator stops administering the org', async () => {
    const admin = await registerUser(t, 'Inviter');
    const orgId = await createTeam(t, owner, [{ user: admin, role: 'admin' }]);
    const invitation = (
      await t.call('POST', `/api/v1/orgs/${orgId}/invitations`, {
        as: admin,
        body: { role: 'member' },
      })
    ).body;
    await t.call('DELETE', `/api/v1/orgs/${orgId}/members/${admin.userId}`, { as: owner });
    const joiner = await registerUser(t, 'Too Late');
    const reply = await t.call('POST', '/api/v1/invitations/accept', {
      as: joiner,
      body: { token: invitation.token },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.detail).toContain('no longer administers');
  });
});
