import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createClient, unwrap } from '@aistudio/sdk';
import { expect, startServer, test, type StudioServer } from './fixtures.js';

// This journey needs its own instance: the owner is set up through the API, not the setup page.
let server: StudioServer;
let child: ChildProcess;

test.beforeAll(async () => {
  ({ server, child } = await startServer());
});
test.afterAll(async () => {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(server.dataDir, { recursive: true, force: true });
});

/** Signs the owner up through the SDK and returns a cookie-session client with its CSRF token. */
async function ownerClient() {
  const response = await fetch(`${server.url}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'owner@example.com',
      password: 'violet-harbor-sextant-42',
      name: 'Olive Owner',
    }),
  });
  expect(response.status).toBe(201);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return createClient({
    baseUrl: server.url,
    csrfToken: () => csrfToken,
    fetch: (input, init) => {
      // Node's fetch keeps no cookie jar: send the session cookie by hand.
      const request = new Request(input, init);
      request.headers.set('cookie', cookie);
      return fetch(request);
    },
  });
}

test('an invitee registers from the link, joins the team and sees only what a member may', async ({
  page,
}) => {
  const owner = await ownerClient();
  const org = await unwrap(owner.POST('/api/v1/orgs', { body: { name: 'Acme Analytics' } }));
  const invitation = await unwrap(
    owner.POST('/api/v1/orgs/{orgId}/invitations', {
      params: { path: { orgId: org.id } },
      body: { role: 'member', email: 'invitee@example.com' },
    }),
  );
  expect(invitation.url).toContain('/register?invitation=');

  await page.goto(`${server.url}/register?invitation=${invitation.token}`);
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Your name').fill('Ivy Invitee');
  await page.getByLabel('Email').fill('invitee@example.com');
  // A breached password is refused at its field, and nothing is created.
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(/commonly used password/)).toBeVisible();

  await page.getByLabel('Password').fill('orchid-lantern-quarry-58');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();

  // The team org is now in the switcher, and the invitee is a member there.
  await page.getByRole('button', { name: /^Organization:/ }).click();
  await page.getByRole('menuitem', { name: 'Acme Analytics' }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.id}/projects$`));
  const members = await unwrap(
    owner.GET('/api/v1/orgs/{orgId}/members', { params: { path: { orgId: org.id } } }),
  );
  expect(members.items.map((m) => [m.email, m.role])).toContainEqual([
    'invitee@example.com',
    'member',
  ]);

  // Members may not read the audit log: the page says so instead of failing.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  await expect(page.getByText('Only owners and admins can see the audit log')).toBeVisible();

  // The link was single-use.
  const reused = await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'second@example.com',
      password: 'orchid-lantern-quarry-58',
      name: 'Second',
      invitationToken: invitation.token,
    }),
  });
  expect(reused.status).toBe(422);
});
