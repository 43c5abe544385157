import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STRONG_PASSWORD,
  createTestApp,
  loginAs,
  registerUser,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from './support/test-app.js';

describe(`auth [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports that setup is required on a fresh instance', async () => {
    const info = await t.call('GET', '/api/v1/instance');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ setupRequired: true, openRegistration: false });
  });

  it('rejects a common password at setup, naming the field', async () => {
    const reply = await t.call('POST', '/api/v1/auth/setup', {
      body: { email: 'owner@example.com', password: 'password123', name: 'Olive' },
    });
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toContain('application/problem+json');
    expect(reply.body.errors).toEqual([
      { field: 'body.password', message: expect.stringContaining('common') },
    ]);
  });

  it('rejects a short password at setup, naming the field', async () => {
    const reply = await t.call('POST', '/api/v1/auth/setup', {
      body: { email: 'owner@example.com', password: 'short', name: 'Olive' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0]).toMatchObject({
      field: 'body.password',
      message: 'must be at least 10 characters',
    });
  });

  it('creates the owner once, then answers 409', async () => {
    owner = await setupOwner(t);
    const me = await t.call('GET', '/api/v1/auth/me', { as: owner });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'owner@example.com', isInstanceAdmin: true });
    expect(me.body.csrfToken).toBe(owner.csrf);

    const again = await t.call('POST', '/api/v1/auth/setup', {
      body: { email: 'other@example.com', password: STRONG_PASSWORD, name: 'Other' },
    });
    expect(again.status).toBe(409);
    expect((await t.call('GET', '/api/v1/instance')).body.setupRequired).toBe(false);
  });

  it('sets an httpOnly, SameSite=Lax session cookie', async () => {
    const reply = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'owner@example.com', password: STRONG_PASSWORD },
    });
    const cookie = String(reply.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('answers one generic 401 for a wrong password and for an unknown email', async () => {
    const wrong = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'owner@example.com', password: 'nope-nope-nope' },
    });
    const unknown = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'ghost@example.com', password: 'nope-nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('refuses writes with a session cookie but no CSRF token', async () => {
    const reply = await t.call('POST', '/api/v1/orgs', {
      as: { cookie: owner.cookie },
      body: { name: 'No CSRF' },
    });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('csrf_token_invalid');
    const withToken = await t.call('POST', '/api/v1/orgs', {
      as: owner,
      body: { name: 'With CSRF' },
    });
    expect(withToken.status).toBe(201);
  });

  it('rejects registration when closed, and accepts it when the owner opens it', async () => {
    await t.call('PATCH', '/api/v1/instance', { as: owner, body: { openRegistration: false } });
    const closed = await t.call('POST', '/api/v1/auth/register', {
      body: { email: 'newbie@example.com', password: STRONG_PASSWORD, name: 'Newbie' },
    });
    expect(closed.status).toBe(403);
    await t.call('PATCH', '/api/v1/instance', { as: owner, body: { openRegistration: true } });
    const open = await t.call('POST', '/api/v1/auth/register', {
      body: { email: 'newbie@example.com', password: STRONG_PASSWORD, name: 'Newbie' },
    });
    expect(open.status).toBe(201);
  });

  it('answers 409 for a duplicate email, case-insensitively', async () => {
    const reply = await t.call('POST', '/api/v1/auth/register', {
      body: { email: 'NEWBIE@example.com', password: STRONG_PASSWORD, name: 'Again' },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.errors).toEqual([{ field: 'body.email', message: 'is already registered' }]);
  });

  it('lets only the instance admin change instance settings', async () => {
    const user = await registerUser(t, 'Mallory');
    const reply = await t.call('PATCH', '/api/v1/instance', {
      as: user,
      body: { openRegistration: false },
    });
    expect(reply.status).toBe(403);
  });

  it('revokes the session on logout', async () => {
    const user = await registerUser(t, 'Leaver');
    expect((await t.call('POST', '/api/v1/auth/logout', { as: user })).status).toBe(204);
    expect((await t.call('GET', '/api/v1/auth/me', { as: user })).status).toBe(401);
  });

  it('lists the sessions of the user and signs out another one', async () => {
    const user = await registerUser(t, 'Traveller');
    const laptop = await loginAs(t, user.email);
    const sessions = await t.call('GET', '/api/v1/auth/sessions', { as: user });
    expect(sessions.body).toHaveLength(2);
    const other = sessions.body.find((s: { current: boolean }) => !s.current);
    expect((await t.call('DELETE', `/api/v1/auth/sessions/${other.id}`, { as: user })).status).toBe(
      204,
    );
    expect((await t.call('GET', '/api/v1/auth/me', { as: laptop })).status).toBe(401);
    expect((await t.call('GET', '/api/v1/auth/me', { as: user })).status).toBe(200);
    const stranger = await registerUser(t, 'Stranger');
    const mine = (await t.call('GET', '/api/v1/auth/sessions', { as: user })).body[0].id;
    expect((await t.call('DELETE', `/api/v1/auth/sessions/${mine}`, { as: stranger })).status).toBe(
      404,
    );
  });

  it("records sign-ins and sign-outs in the user's personal org", async () => {
    const user = await registerUser(t, 'Tracked');
    const again = await loginAs(t, user.email);
    await t.call('POST', '/api/v1/auth/logout', { as: again });
    const events = await t.call('GET', `/api/v1/orgs/${user.personalOrgId}/audit-events`, {
      as: user,
    });
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual([
      'auth.logout',
      'auth.login',
      'user.register',
    ]);
  });

  it('changes the password, signing out other sessions but not this one', async () => {
    const user = await registerUser(t, 'Changer');
    const other = await loginAs(t, user.email);
    const bad = await t.call('POST', '/api/v1/auth/password', {
      as: user,
      body: { currentPassword: 'wrong-password-1', newPassword: 'another-long-passphrase-7' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.currentPassword');
    const ok = await t.call('POST', '/api/v1/auth/password', {
      as: user,
      body: { currentPassword: STRONG_PASSWORD, newPassword: 'another-long-passphrase-7' },
    });
    expect(ok.status).toBe(204);
    expect((await t.call('GET', '/api/v1/auth/me', { as: user })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', { as: other })).status).toBe(401);
    await loginAs(t, user.email, 'another-long-passphrase-7');
  });

  it('slows, then refuses with 429 and Retry-After, repeated failures for one account', async () => {
    const user = await registerUser(t, 'Target');
    let last = { status: 0, headers: {} as Record<string, unknown>, body: {} as any };
    for (let i = 0; i < 11; i++) {
      last = await t.call('POST', '/api/v1/auth/login', {
        body: { email: user.email, password: `wrong-guess-${i}xx` },
      });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password is refused while the account is locked out.
    const right = await t.call('POST', '/api/v1/auth/login', {
      body: { email: user.email, password: STRONG_PASSWORD },
    });
    expect(right.status).toBe(429);
  }, 60_000);
});

describe(`registration with invitations [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    await t.call('PATCH', '/api/v1/instance', { as: owner, body: { openRegistration: false } });
    orgId = (await t.call('POST', '/api/v1/orgs', { as: owner, body: { name: 'Acme' } })).body.id;
  });
  afterAll(() => t.close());

  const invite = async (body: object) =>
    (await t.call('POST', `/api/v1/orgs/${orgId}/invitations`, { as: owner, body })).body;

  it('registers with an invitation token while registration is closed, joining the org once', async () => {
    const invitation = await invite({ role: 'member' });
    expect(invitation.url).toContain(`/register?invitation=${invitation.token}`);
    const reply = await t.call('POST', '/api/v1/auth/register', {
      body: {
        email: 'invitee@example.com',
        password: STRONG_PASSWORD,
        name: 'Invitee',
        invitationToken: invitation.token,
      },
    });
    expect(reply.status).toBe(201);
    const members = await t.call('GET', `/api/v1/orgs/${orgId}/members`, { as: owner });
    expect(
      members.body.items.map((m: { email: string; role: string }) => [m.email, m.role]),
    ).toContainEqual(['invitee@example.com', 'member']);

    const reused = await t.call('POST', '/api/v1/auth/register', {
      body: {
        email: 'second@example.com',
        password: STRONG_PASSWORD,
        name: 'Second',
        invitationToken: invitation.token,
      },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.detail).toContain('already been used');
    // No half-written account: the failed registration left no user behind.
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'second@example.com', password: STRONG_PASSWORD },
    });
    expect(login.status).toBe(401);
  });

  it('rejects an expired invitation', async () => {
    const invitation = await invite({ role: 'viewer', expiresInHours: 1 });
    await t.database.db.execute(
      // Age the invitation rather than waiting an hour.
      (await import('drizzle-orm'))
        .sql`update invitations set expires_at = now() - interval '1 minute' where org_id = ${orgId}`,
    );
    const reply = await t.call('POST', '/api/v1/auth/register', {
      body: {
        email: 'late@example.com',
        password: STRONG_PASSWORD,
        name: 'Late',
        invitationToken: invitation.token,
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.detail).toContain('expired');
  });

  it('rejects an invitation addressed to another email', async () => {
    const invitation = await invite({ role: 'member', email: 'someone@example.com' });
    const reply = await t.call('POST', '/api/v1/auth/register', {
      body: {
        email: 'not-someone@example.com',
        password: STRONG_PASSWORD,
        name: 'Nope',
        invitationToken: invitation.token,
      },
    });
    expect(reply.status).toBe(422);
  });

  it('lets a signed-in user accept an invitation, and a revoked one is refused', async () => {
    await t.call('PATCH', '/api/v1/instance', { as: owner, body: { openRegistration: true } });
    const user = await registerUser(t, 'Joiner');
    const invitation = await invite({ role: 'viewer' });
    const accepted = await t.call('POST', '/api/v1/invitations/accept', {
      as: user,
      body: { token: invitation.token },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: orgId, role: 'viewer' });

    const revoked = await invite({ role: 'viewer' });
    expect(
      (await t.call('DELETE', `/api/v1/orgs/${orgId}/invitations/${revoked.id}`, { as: owner }))
        .status,
    ).toBe(204);
    const other = await registerUser(t, 'Late Joiner');
    const refused = await t.call('POST', '/api/v1/invitations/accept', {
      as: other,
      body: { token: revoked.token },
    });
    expect(refused.status).toBe(422);
  });
});
