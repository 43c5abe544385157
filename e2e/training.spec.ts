// Training against the server: upload the penguins, train a GBDT as a job, follow its loss curve
// over the run's event stream, reach accuracy >= 0.95, then train a second run and compare them.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, startServer, test, type StudioServer } from './fixtures.js';

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

/** Palmer penguins (CC0-1.0, via the vega-datasets package) as CSV: 344 rows, 7 columns. */
function writePenguinsCsv(path: string) {
  const records = JSON.parse(
    readFileSync(
      new URL('../node_modules/vega-datasets/data/penguins.json', import.meta.url),
      'utf8',
    ),
  ) as Record<string, string | number | null>[];
  const header = Object.keys(records[0]!);
  const field = (value: string | number | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  const lines = [header, ...records.map((record) => header.map((key) => record[key]))];
  writeFileSync(path, lines.map((line) => line.map(field).join(',')).join('\n') + '\n');
}

/** Fills the new-training wizard for a GBDT on the penguins' species and starts it. */
async function startGbdt(page: Page, projectId: string, name: string, learningRate: string) {
  await page.goto(`${server.url}/projects/${projectId}/runs/new`);
  await page.getByLabel('Dataset').selectOption({ label: 'penguins' });
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByRole('checkbox', { name: /Island/ })).toBeChecked();
  await expect(page.getByLabel('Algorithm')).toHaveValue('gbdt');
  await page.getByLabel('Learning rate').fill(learningRate);
  await page.getByLabel('Run name').fill(name);
  // The server checks the body and estimates the compute time before anything starts.
  await expect(page.getByRole('status', { name: 'Estimate' })).toContainText('Estimated compute');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
}

test('training: upload penguins, train a GBDT, follow its curve, accuracy >= 0.95, compare two runs', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const csvPath = testInfo.outputPath('penguins.csv');
  writePenguinsCsv(csvPath);

  await page.goto(`${server.url}/`);
  await page.getByLabel('Your name').fill('Dana Scientist');
  await page.getByLabel('Email').fill('dana@example.com');
  await page.getByLabel('Password').fill('violet-harbor-sextant-42');
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.getByRole('button', { name: 'New project' }).first().click();
  const projectDialog = page.getByRole('dialog', { name: 'Create project' });
  await projectDialog.getByLabel('Project name').fill('Antarctic birds');
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]+$/);
  const projectId = new URL(page.url()).pathname.split('/')[2]!;

  await page.getByRole('link', { name: 'Datasets' }).click();
  await page.getByRole('button', { name: 'Upload dataset' }).first().click();
  const upload = page.getByRole('dialog', { name: 'Upload dataset' });
  await upload.getByLabel('Data file').setInputFiles(csvPath);
  await upload.getByLabel('Licence', { exact: true }).selectOption('CC0-1.0');
  await upload.getByRole('checkbox', { name: /I confirm that I own this data/ }).check();
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('ready')).toBeVisible({
    timeout: 30_000,
  });

  // The project page leads to its runs; none yet.
  await page.goto(`${server.url}/projects/${projectId}`);
  await page.getByRole('link', { name: 'Training runs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Training runs' })).toBeVisible();
  await expect(page.getByText('No runs yet')).toBeVisible();

  // First run: the curve is drawn from the run's event stream as the job reports iterations.
  const streams: string[] = [];
  page.on('request', (r) => r.url().endsWith('/events') && streams.push(r.url()));
  await startGbdt(page, projectId, 'gbdt-lr-0.1', '0.1');
  const curve = page.locator('figure', { has: page.getByRole('img', { name: 'Loss curves' }) });
  await expect
    .poll(async () => Number((await curve.getAttribute('data-points')) ?? 0), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(100);
  await expect(page.getByRole('heading', { level: 1 }).getByText('succeeded')).toBeVisible({
    timeout: 60_000,
  });
  expect(streams.length).toBeGreaterThan(0);
  await expect(page.getByRole('status', { name: 'Run progress' })).toContainText('Iteration 100');
  const accuracy = Number(await page.getByTestId('metric-accuracy').textContent());
  expect(accuracy).toBeGreaterThanOrEqual(0.95);
  await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('run-page.png'), fullPage: true });

  // Second run with a smaller learning rate.
  await startGbdt(page, projectId, 'gbdt-lr-0.05', '0.05');
  await expect(page.getByRole('heading', { level: 1 }).getByText('succeeded')).toBeVisible({
    timeout: 60_000,
  });

  // A tag on the second run, found again by the filter below.
  await page.getByLabel('Tags', { exact: true }).fill('team=birds');
  await page.getByRole('button', { name: 'Save notes and tags' }).click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  // The experiment page lists both; the filter grammar narrows them.
  await page.goto(`${server.url}/projects/${projectId}/runs`);
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(3);
  await page.getByLabel('Filter').fill('metrics.accuracy > 2');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('No run matches the filter.')).toBeVisible();
  await page
    .getByLabel('Filter')
    .fill("metrics.accuracy >= 0.9 and attributes.status = 'succeeded'");
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(runs.getByRole('row')).toHaveCount(3);
  await page.getByLabel('Filter').fill("tags.team = 'birds'");
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(runs.getByRole('row')).toHaveCount(2);
  await expect(runs).toContainText('gbdt-lr-0.05');
  await page.getByLabel('Filter').fill('metrics.accuracy >');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Filter').fill('');
  await page.getByRole('button', { name: 'Apply' }).click();

  // Compare: overlaid curves, metrics side by side, the differing parameter highlighted.
  await page.getByRole('checkbox', { name: 'Compare gbdt-lr-0.1' }).check();
  await page.getByRole('checkbox', { name: 'Compare gbdt-lr-0.05' }).check();
  await page.getByRole('button', { name: /Compare/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare runs' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Overlaid loss curves' })).toBeVisible();
  const metrics = page.getByRole('table', { name: 'Metrics of the compared runs' });
  await expect(metrics.getByRole('row', { name: /^accuracy/ })).toBeVisible();
  const params = page.getByRole('table', { name: 'Parameters of the compared runs' });
  await expect(params.locator('tr[data-differs]')).toContainText(['params.learningRate']);
  await expect(params.getByRole('row', { name: /^algorithm/ })).not.toHaveAttribute('data-differs');
  await page.screenshot({ path: testInfo.outputPath('compare.png'), fullPage: true });

  // A new experiment; the second run moves there and the experiment's list holds only it.
  await page.goto(`${server.url}/projects/${projectId}/runs`);
  await page.getByRole('button', { name: 'New experiment' }).click();
  const dialog = page.getByRole('dialog', { name: 'New experiment' });
  await dialog.getByLabel('Experiment name').fill('Learning rates');
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await expect(page.getByText('No runs yet')).toBeVisible();
  await page.getByLabel('Experiment', { exact: true }).selectOption({ label: 'All experiments' });
  await runs.getByRole('link', { name: 'gbdt-lr-0.05' }).click();
  await page.getByLabel('Experiment', { exact: true }).selectOption({ label: 'Learning rates' });
  await page.getByRole('link', { name: 'Training runs' }).click();
  await page
    .getByLabel('Experiment', { exact: true })
    .selectOption({ label: 'Learning rates (1)' });
  await expect(runs.getByRole('row')).toHaveCount(2);
  await expect(runs).toContainText('gbdt-lr-0.05');

  // A sweep: three random GBDT trials; the leaderboard and parallel coordinates follow them.
  await page.goto(`${server.url}/projects/${projectId}/runs/new`);
  await page.getByLabel('Dataset').selectOption({ label: 'penguins' });
  await page.getByLabel('Target column').selectOption('Species');
  await page.getByLabel('What to start').selectOption('sweep');
  await page.getByLabel('Sampler').selectOption('random');
  await page.getByLabel('Trials', { exact: true }).fill('3');
  await page.getByLabel('Run name').fill('gbdt-search');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /gbdt-search/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('succeeded')).toBeVisible({
    timeout: 90_000,
  });
  const trials = page.getByRole('table', { name: 'Trials' });
  await expect(trials.getByRole('row')).toHaveCount(4);
  await expect(trials.getByRole('row').nth(1)).toContainText('succeeded');
  await expect(page.getByRole('img', { name: 'Trials in parallel coordinates' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('sweep.png'), fullPage: true });
});
