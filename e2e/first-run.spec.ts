import { createClient, unwrap } from '@aistudio/sdk';
import { expect, test } from './fixtures.js';

const owner = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  password: 'violet-harbor-sextant-42',
};

test('first run: set up the owner, create a project and an API key, use the key, audit both', async ({
  page,
  server,
}, testInfo) => {
  // A fresh instance sends every page to setup.
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up AI Studio' })).toBeVisible();

  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Create owner account' }).click();

  await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]+\/projects$/);
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await expect(page.getByText('No projects yet')).toBeVisible();
  const orgId = new URL(page.url()).pathname.split('/')[2]!;

  // Create a project in the UI.
  await page.getByRole('button', { name: 'New project' }).first().click();
  const projectDialog = page.getByRole('dialog', { name: 'Create project' });
  await projectDialog.getByLabel('Project name').fill('Churn model');
  await projectDialog.getByLabel('Description').fill('Predict which customers leave.');
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Churn model' })).toBeVisible();

  // Create an API key in the UI and read its secret from the copy-once dialog.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'API keys' })
    .click();
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await page.getByRole('button', { name: 'New API key' }).first().click();
  const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
  await keyDialog.getByLabel('Key name').fill('CI pipeline');
  await keyDialog.getByRole('checkbox', { name: /write/ }).check();
  await keyDialog.getByRole('button', { name: 'Create key' }).click();

  const secretDialog = page.getByRole('dialog', { name: /API key .CI pipeline. created/ });
  await expect(secretDialog.getByText('will not be shown again')).toBeVisible();
  const secret = await secretDialog.getByLabel('API key secret').inputValue();
  expect(secret).toMatch(/^ais_/);
  await secretDialog.getByRole('button', { name: 'Copy' }).click();
  await expect(secretDialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await expect(secretDialog).toBeHidden();
  const keysTable = page.getByRole('table', { name: 'API keys' });
  await expect(keysTable.getByRole('row', { name: /CI pipeline/ })).toBeVisible();

  // The key works from code, through the SDK, outside the browser.
  const sdk = createClient({ baseUrl: server.url, apiKey: secret });
  const projects = await unwrap(
    sdk.GET('/api/v1/orgs/{orgId}/projects', { params: { path: { orgId }, query: { limit: 50 } } }),
  );
  expect(projects.items.map((p) => p.name)).toContain('Churn model');

  // The audit log shows both changes and who made them.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const events = page.getByRole('table', { name: 'Audit events' });
  const projectCreated = events.getByRole('row').filter({ hasText: 'project.create' });
  const keyCreated = events.getByRole('row').filter({ hasText: 'api_key.create' });
  await expect(projectCreated).toHaveCount(1);
  await expect(projectCreated).toContainText('Created project "Churn model"');
  await expect(projectCreated).toContainText(owner.name);
  await expect(keyCreated).toHaveCount(1);
  await expect(keyCreated).toContainText('CI pipeline');
  await expect(keyCreated).toContainText(owner.name);

  // Filtering by action narrows the table.
  await page.getByLabel('Action').selectOption('project.create');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(events.getByRole('row').filter({ hasText: 'api_key.create' })).toHaveCount(0);
  await expect(events.getByRole('row').filter({ hasText: 'project.create' })).toHaveCount(1);

  // The projects list, for a look at the design.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'Projects' })
    .click();
  const projectRow = page
    .getByRole('table', { name: 'Projects' })
    .getByRole('row', { name: /Churn model/ });
  await expect(projectRow).toContainText('owner');
  await page.screenshot({ path: testInfo.outputPath('projects-page.png'), fullPage: true });
});
