// Registry to endpoint in the browser: two finished penguin runs (set up over the API), the best
// registered from its run page, a second as v2, deployed, scored through "try it", then a 90/10
// canary to v2 set with the traffic sliders, and rolled back in one step; then a version trained on
// non-commercial data is refused deployment until the owner records a licence override.
import { rmSync } from 'node:fs';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { expect, startServer, test } from './fixtures.js';
import { penguinsCsv, until } from './penguin-deployment.js';

/** Calls the API with the browser's session cookie and its CSRF token. */
async function apiAs(request: APIRequestContext) {
  const me = await request.get('/api/v1/auth/me');
  expect(me.ok()).toBe(true);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  return { headers: { 'x-csrf-token': csrf } };
}

test('registry and deployment: register the best run, deploy it, try it, canary 10 % to v2', async ({
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  // Its own studio: the journey starts at first-run setup, which the worker's shared one has had.
  const studio = await startServer();
  const context = await browser.newContext({ baseURL: studio.server.url });
  try {
    const page = await context.newPage();
    const projectId = await registryJourney(page, testInfo);
    await licenceOverrideJourney(page, projectId, testInfo);
  } finally {
    await context.close();
    studio.child.kill('SIGTERM');
    await new Promise((resolve) => studio.child.once('exit', resolve));
    rmSync(studio.server.dataDir, { recursive: true, force: true });
  }
});

async function registryJourney(page: Page, testInfo: TestInfo): Promise<string> {
  await page.goto('/');
  await page.getByLabel('Your name').fill('Reggie Registrar');
  await page.getByLabel('Email').fill('reggie@example.com');
  await page.getByLabel('Password').fill('amber-lantern-quiver-77');
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.getByRole('button', { name: 'New project' }).first().click();
  const projectDialog = page.getByRole('dialog', { name: 'Create project' });
  await projectDialog.getByLabel('Project name').fill('Penguin service');
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]+$/);
  const projectId = new URL(page.url()).pathname.split('/')[2]!;

  // Data and two finished runs over the API: the training UI has its own journey.
  const auth = await apiAs(page.request);
  const upload = await page.request.post(`/api/v1/projects/${projectId}/datasets`, {
    ...auth,
    multipart: {
      name: 'penguins',
      license: 'CC0-1.0',
      attestation: '1',
      file: { name: 'penguins.csv', mimeType: 'text/csv', buffer: penguinsCsv() },
    },
  });
  expect(upload.status(), await upload.text()).toBe(202);
  const versionId = ((await upload.json()) as { version: { id: string } }).version.id;
  await until(
    async () =>
      (
        (await (await page.request.get(`/api/v1/dataset-versions/${versionId}`)).json()) as {
          status: string;
        }
      ).status,
    (status) => status === 'ready',
    'the dataset version',
  );
  const runIds: string[] = [];
  for (const [name, learningRate] of [
    ['gbdt-slow', 0.02],
    ['gbdt-fast', 0.1],
  ] as const) {
    const created = await page.request.post(`/api/v1/projects/${projectId}/runs`, {
      ...auth,
      data: {
        name,
        datasetVersionId: versionId,
        target: 'Species',
        algorithm: 'gbdt',
        params: { learningRate, nIter: 40 },
      },
    });
    expect(created.status(), await created.text()).toBe(202);
    runIds.push(((await created.json()) as { id: string }).id);
  }
  const runs = await Promise.all(
    runIds.map((id) =>
      until(
        async () =>
          (await (await page.request.get(`/api/v1/runs/${id}`)).json()) as {
            id: string;
            name: string;
            status: string;
            metrics: Record<string, number>;
          },
        (run) => ['succeeded', 'failed', 'cancelled'].includes(run.status),
        `run ${id}`,
      ),
    ),
  );
  expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  const [best, other] = [...runs].sort(
    (a, b) => (b.metrics.accuracy ?? 0) - (a.metrics.accuracy ?? 0),
  ) as [(typeof runs)[0], (typeof runs)[0]];

  // The project page leads to the (empty) registry.
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  await expect(page.getByText('No models yet')).toBeVisible();

  // Register the best run from its page, as a new model.
  await page.goto(`/runs/${best.id}`);
  await page.getByRole('button', { name: 'Register' }).click();
  const register = page.getByRole('dialog', { name: 'Register a model version' });
  await expect(register.getByLabel('Model', { exact: true })).toHaveValue('__new__');
  await register.getByLabel('New model name').fill('penguin-species');
  await register.getByRole('button', { name: 'Register version' }).click();
  await expect(page).toHaveURL(/\/models\/[0-9a-f-]+\?version=1$/);
  await expect(page.getByRole('heading', { level: 1, name: 'penguin-species' })).toBeVisible();
  const modelUrl = new URL(page.url()).pathname;
  const versions = page.getByRole('table', { name: 'Versions' });
  await expect(versions.getByRole('row')).toHaveCount(2);
  await expect(versions).toContainText('ready', { timeout: 30_000 });
  await expect(versions).toContainText(/cc0-1\.0/i);

  // The other run becomes v2 from the model page.
  await page.getByRole('button', { name: 'Register a run' }).click();
  const second = page.getByRole('dialog', { name: 'Register a model version' });
  await second.getByLabel('Training run').selectOption(other.id);
  await second.getByRole('button', { name: 'Register version' }).click();
  await expect(versions.getByRole('row')).toHaveCount(3);
  await expect(versions.getByRole('row', { name: /^v2/ })).toContainText('ready', {
    timeout: 30_000,
  });

  // Alias champion → v1, with its history.
  await page.getByRole('tab', { name: 'Aliases' }).click();
  await page.getByLabel('Points to').selectOption('1');
  await page.getByRole('button', { name: 'Set alias' }).click();
  const history = page.getByRole('table', { name: 'History of champion' });
  await expect(history).toContainText('Reggie Registrar');
  await expect(history).toContainText('set → v1');

  // Card, lineage and the metric comparison.
  await page.getByRole('tab', { name: 'Model card' }).click();
  await page.getByLabel('Version', { exact: true }).selectOption('1');
  await expect(page.getByRole('article', { name: 'Model card' })).toContainText('penguin');
  await page.getByRole('tab', { name: 'Lineage' }).click();
  const lineage = page.getByRole('img', { name: 'Lineage of version 1' });
  await expect(lineage).toBeVisible();
  await expect(lineage.getByRole('link', { name: 'penguins v1' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('lineage.png'), fullPage: true });
  await page.getByRole('tab', { name: 'Compare metrics' }).click();
  await expect(
    page.getByRole('table', { name: 'Metrics by version' }).getByRole('row', { name: /^accuracy/ }),
  ).toBeVisible();

  // Deploy v1 from the model page.
  await page.getByRole('link', { name: 'Deploy' }).click();
  const deploy = page.getByRole('dialog', { name: 'New deployment' });
  await deploy.getByLabel('Deployment name').fill('species-api');
  await deploy.getByLabel('Version of route 1').selectOption('1');
  await deploy.getByRole('button', { name: 'Deploy' }).click();
  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'species-api' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Routes' })).toContainText('penguin-species v1');
  await expect(page.getByRole('status', { name: 'Live traffic' })).toBeVisible();

  // Try it: the form follows the model's input schema; the prediction names its version.
  const tryIt = page.getByRole('form', { name: 'Try it' });
  await expect(tryIt.getByLabel('Island')).toHaveValue(/.+/);
  await tryIt.getByLabel('Beak Length (mm)').fill('39.1');
  await tryIt.getByLabel('Beak Depth (mm)').fill('18.7');
  await tryIt.getByLabel('Flipper Length (mm)').fill('181');
  await tryIt.getByLabel('Body Mass (g)').fill('3750');
  await tryIt.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByTestId('prediction-value')).toHaveText(/Adelie|Gentoo|Chinstrap/);
  await expect(page.getByTestId('prediction-version')).toHaveText('version 1');
  await expect(page.getByTestId('prediction-id')).toHaveText(/[0-9a-f-]{36}/);
  await expect(page.getByRole('list', { name: 'Class probabilities' })).toBeVisible();
  // The request shows up in the live traffic (polled every five seconds).
  await expect(page.getByRole('status', { name: 'Live traffic' })).toContainText('p95', {
    timeout: 15_000,
  });
  // A value the form cannot send is named under its field.
  await tryIt.getByLabel('Body Mass (g)').fill('heavy');
  await tryIt.getByRole('button', { name: 'Predict' }).click();
  await expect(tryIt.getByText('enter a number')).toBeVisible();

  // Snippets carry this server's URL.
  await expect(page.getByLabel('curl snippet')).toContainText(
    `${new URL(page.url()).origin}/api/v1/deployments/`,
  );
  await page.getByRole('tab', { name: 'Python' }).click();
  await expect(page.getByLabel('python snippet')).toContainText('requests.post(');

  // Canary: 10 % to v2; the sliders keep the sum at 100.
  await page.getByRole('button', { name: 'Change split' }).click();
  await page.getByRole('button', { name: 'Add route' }).click();
  await page.getByLabel('Version of route 2').selectOption('2');
  await page.getByLabel('Traffic percent of route 2').fill('10');
  await expect(page.getByLabel('Traffic percent of route 1')).toHaveValue('90');
  await page.getByRole('button', { name: 'Save split' }).click();
  const routes = page.getByRole('list', { name: 'Routes' });
  await expect(routes).toContainText('penguin-species v1: 90 %');
  await expect(routes).toContainText('penguin-species v2: 10 %');
  await page.reload();
  await expect(
    page.getByRole('list', { name: 'Current traffic split' }).getByRole('listitem'),
  ).toHaveText(['v1 90 %', 'v2 10 %']);
  await page.screenshot({ path: testInfo.outputPath('deployment.png'), fullPage: true });

  // One-step rollback restores 100 % to v1.
  await page.getByRole('button', { name: 'Roll back' }).click();
  await expect(routes).toContainText('penguin-species v1: 100 %');
  await expect(routes).not.toContainText('v2');

  // Export from the versions table: the engine JSON arrives as a file named after the version.
  await page.goto(`${modelUrl}?tab=versions`);
  await page.getByRole('button', { name: 'Export v1' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Engine JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-v1\.json$/);

  // Upstream of v1: its data and run, and the deployment serving it.
  await page.getByRole('tab', { name: 'Lineage' }).click();
  await page.getByLabel('Version', { exact: true }).selectOption('1');
  const upstream = page.getByRole('img', { name: 'Lineage of version 1' });
  await expect(upstream.getByRole('link', { name: 'penguins v1' })).toBeVisible();
  await expect(upstream.getByRole('link', { name: 'species-api' })).toBeVisible();

  // Downstream from the data: both versions and the deployment serving them.
  await page.goto(`${modelUrl}?tab=lineage&version=1`);
  await page.getByRole('button', { name: 'Everything trained on its data' }).click();
  const downstream = page.getByRole('img', { name: 'Lineage of version 1' });
  await expect(downstream.getByRole('link', { name: 'penguin-species v2' })).toBeVisible();
  await expect(downstream.getByRole('link', { name: 'species-api' })).toBeVisible();
  return projectId;
}

/**
 * A version trained on non-commercial data: deploying it is refused with the reason and, for the
 * org owner, a way to the override; the override dialog records a reason the versions table shows.
 */
async function licenceOverrideJourney(page: Page, projectId: string, testInfo: TestInfo) {
  const auth = await apiAs(page.request);
  const upload = await page.request.post(`/api/v1/projects/${projectId}/datasets`, {
    ...auth,
    multipart: {
      name: 'penguins-nc',
      license: 'CC-BY-NC-4.0',
      attestation: '1',
      file: { name: 'penguins-nc.csv', mimeType: 'text/csv', buffer: penguinsCsv() },
    },
  });
  expect(upload.status(), await upload.text()).toBe(202);
  const versionId = ((await upload.json()) as { version: { id: string } }).version.id;
  const versionUrl = `/api/v1/dataset-versions/${versionId}`;
  type Held = { status: string; review: { id: string } | null };
  const held = await until(
    async () => (await (await page.request.get(versionUrl)).json()) as Held,
    (version) => version.status === 'review',
    'the held dataset version',
  );
  const approved = await page.request.post(`/api/v1/reviews/${held.review!.id}/approve`, {
    ...auth,
    data: { reason: 'internal research use agreed with the data owner' },
  });
  expect(approved.status(), await approved.text()).toBe(200);
  await until(
    async () => ((await (await page.request.get(versionUrl)).json()) as Held).status,
    (status) => status === 'ready',
    'the approved dataset version',
  );
  const run = await page.request.post(`/api/v1/projects/${projectId}/runs`, {
    ...auth,
    data: {
      datasetVersionId: versionId,
      target: 'Species',
      algorithm: 'gbdt',
      params: { nIter: 10 },
    },
  });
  expect(run.status(), await run.text()).toBe(202);
  const runId = ((await run.json()) as { id: string }).id;
  await until(
    async () => ((await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as Held).status,
    (status) => status === 'succeeded',
    'the non-commercial run',
  );
  const model = await page.request.post(`/api/v1/projects/${projectId}/models`, {
    ...auth,
    data: { name: 'penguin-nc' },
  });
  const modelId = ((await model.json()) as { id: string }).id;
  const registered = await page.request.post(`/api/v1/models/${modelId}/versions`, {
    ...auth,
    data: { runId },
  });
  expect(registered.status(), await registered.text()).toBe(201);

  // Deploying it is refused: the alert says why and, for the owner, where to override.
  await page.goto(`/projects/${projectId}/deployments?deploy=${modelId}`);
  const deploy = page.getByRole('dialog', { name: 'New deployment' });
  await deploy.getByLabel('Deployment name').fill('nc-api');
  await deploy.getByLabel('Version of route 1').selectOption('1');
  await deploy.getByRole('button', { name: 'Deploy' }).click();
  const refusal = deploy.getByRole('alert');
  await expect(refusal).toContainText('Forbidden by the licence of the training data');
  await expect(refusal).toContainText('non-commercial use only');
  await page.screenshot({ path: testInfo.outputPath('licence-refusal.png') });
  await refusal.getByRole('link', { name: 'penguin-nc' }).click();

  // The owner records the override with a reason; the versions table shows who and why.
  const versions = page.getByRole('table', { name: 'Versions' });
  await versions.getByRole('button', { name: 'Override licence…' }).click();
  const override = page.getByRole('dialog', { name: 'Override the licence of penguin-nc v1' });
  await expect(override.getByRole('status')).toContainText('CC-BY-NC-4.0');
  await override.getByLabel('Reason').fill('Internal demo only; the data owner agreed in writing.');
  await page.screenshot({ path: testInfo.outputPath('licence-override.png') });
  await override.getByRole('button', { name: 'Record override' }).click();
  await expect(override).toBeHidden();
  await expect(versions).toContainText('by Reggie Registrar');
  await expect(versions.getByRole('button', { name: 'Override licence…' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('licence-overridden.png'), fullPage: true });
}
