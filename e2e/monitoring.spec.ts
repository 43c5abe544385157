// Monitoring in the browser: a deployed penguin classifier gets the penguins themselves as traffic
// (no drift), then the same records with the body mass shifted by 2.5 kg. Drift checks are run from
// the Monitoring tab; the report flags the body mass, and the drift-share alert rule fires on it.
import { rmSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, startServer, test } from './fixtures.js';
import { deployPenguinModel, penguins, PENGUIN_FEATURES } from './penguin-deployment.js';

const records = penguins.map((p) =>
  Object.fromEntries(PENGUIN_FEATURES.map((c) => [c, p[c] ?? null])),
);
const shifted = records.map((r) => ({
  ...r,
  'Body Mass (g)': typeof r['Body Mass (g)'] === 'number' ? r['Body Mass (g)'] + 2500 : null,
}));

test('shifted traffic: the drift report flags the shifted feature and the drift alert fires', async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  // Its own studio, evaluating alert rules every second rather than every minute.
  const studio = await startServer({ ALERTS_EVALUATION_INTERVAL_MS: '1000' });
  const context = await browser.newContext({ baseURL: studio.server.url });
  try {
    const page = await context.newPage();
    await driftJourney(page, context.request, testInfo.outputPath('monitoring.png'));
  } finally {
    await context.close();
    studio.child.kill('SIGTERM');
    await new Promise((resolve) => studio.child.once('exit', resolve));
    rmSync(studio.server.dataDir, { recursive: true, force: true });
  }
});

async function driftJourney(page: Page, request: APIRequestContext, screenshot: string) {
  const { projectId, deploymentId, post } = await deployPenguinModel(request, {
    name: 'Monty Monitor',
    email: 'monty@example.com',
  });
  await post(`/api/v1/projects/${projectId}/alert-rules`, {
    name: 'Inputs drifting',
    deploymentId,
    metric: 'drift_share',
    condition: '>',
    threshold: 0.1,
    window: '1h',
    severity: 'critical',
  });
  const predict = (batch: Record<string, unknown>[]) =>
    post(`/api/v1/deployments/${deploymentId}/predict`, { records: batch });

  await page.goto(`/deployments/${deploymentId}`);
  await page.getByRole('tab', { name: 'Monitoring' }).click();
  await expect(page).toHaveURL(/tab=monitoring/);
  const alerts = page.getByRole('status', { name: 'Firing alerts' });
  await expect(alerts).toHaveText('1 rule watching, none firing.');
  await expect(page.getByText('No request in this window.')).toBeVisible();
  await expect(page.getByText('No feedback in this window')).toBeVisible();
  await expect(page.getByText(`POST /api/v1/deployments/${deploymentId}/feedback`)).toBeVisible();

  // Before any traffic a check has nothing to judge: it says so instead of a verdict.
  const runCheck = page.getByRole('button', { name: 'Run drift check now' });
  const report = page.getByRole('region', { name: 'Drift report' });
  await runCheck.click();
  await expect(report.getByText('Too little data for a verdict')).toBeVisible({ timeout: 30_000 });
  const checks = page.getByRole('table', { name: 'Drift checks' });
  await expect(checks.getByRole('row').nth(1)).toContainText('too little data');

  // The training data itself as traffic: no feature drifts.
  await predict(records);
  const service = page.getByRole('table', { name: 'Service by version' });
  // One request of 344 records.
  await expect(service.getByRole('row', { name: /^v1 1 / })).toBeVisible({ timeout: 20_000 });
  await runCheck.click();
  await expect(report.getByText('No dataset drift')).toBeVisible({ timeout: 30_000 });
  await expect(report).toContainText('344 logged rows');
  const features = report.getByRole('table', { name: 'Feature drift' });
  await expect(features.getByRole('row')).toHaveCount(1 + PENGUIN_FEATURES.length + 1);
  await expect(features.getByText('drift', { exact: true })).toHaveCount(0);

  // The same penguins 2.5 kg heavier.
  await predict(shifted);
  await expect(service.getByRole('row', { name: /^v1 2 / })).toBeVisible({ timeout: 20_000 });
  await runCheck.click();
  await expect(report).toContainText('688 logged rows', { timeout: 30_000 });
  const bodyMass = features.getByRole('row', { name: /^Body Mass \(g\) / });
  await expect(bodyMass.getByText('drift', { exact: true })).toBeVisible();
  await expect(bodyMass).toContainText('Kolmogorov–Smirnov');
  await expect(bodyMass).toContainText('p < 0.05');
  for (const name of ['Beak Length (mm)', 'Flipper Length (mm)', 'Island']) {
    await expect(
      features.getByRole('row', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')} `) }),
    ).toContainText('no drift');
  }
  // Drifted features are listed first, so the body mass's distributions are the ones shown.
  await expect(page.getByRole('img', { name: 'Distributions of Body Mass (g)' })).toBeVisible();
  await expect(
    page.getByRole('img', { name: 'Share of drifted features per check' }),
  ).toBeVisible();

  // The evaluator sees the drift share above 0.1; the tab shows the alert firing.
  const firing = page.getByRole('list', { name: 'Firing alerts' });
  await expect(firing).toContainText('Inputs drifting', { timeout: 30_000 });
  await expect(firing).toContainText('critical');
  await page.screenshot({ path: screenshot, fullPage: true });
}
