import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { expect, startServer, test, type StudioServer } from './fixtures.js';

// Its own instance: the journey starts at the setup page of a fresh studio.
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
  const field = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [header, ...records.map((record) => header.map((key) => record[key]))];
  writeFileSync(path, lines.map((line) => line.map(field).join(',')).join('\n') + '\n');
}

test('datasets: upload the penguins CSV under CC0, see it profiled, query it with SQL', async ({
  page,
}, testInfo) => {
  const csvPath = testInfo.outputPath('penguins.csv');
  writePenguinsCsv(csvPath);

  // Set up the owner and create a project.
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel('Your name').fill('Dana Scientist');
  await page.getByLabel('Email').fill('dana@example.com');
  await page.getByLabel('Password').fill('violet-harbor-sextant-42');
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await page.getByRole('button', { name: 'New project' }).first().click();
  const projectDialog = page.getByRole('dialog', { name: 'Create project' });
  await projectDialog.getByLabel('Project name').fill('Antarctic birds');
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Antarctic birds' })).toBeVisible();

  // The project's datasets: none yet.
  await page.getByRole('link', { name: 'Datasets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible();
  await expect(page.getByText('No datasets yet')).toBeVisible();

  // Upload: the name follows the file; a prohibited licence is refused next to its field.
  await page.getByRole('button', { name: 'Upload dataset' }).first().click();
  const upload = page.getByRole('dialog', { name: 'Upload dataset' });
  await upload.getByLabel('Data file').setInputFiles(csvPath);
  await expect(upload.getByLabel('Dataset name')).toHaveValue('penguins');
  await upload.getByLabel('Licence', { exact: true }).selectOption('proprietary');
  await expect(upload.getByText('all rights reserved: no permission')).toBeVisible();
  await upload.getByRole('checkbox', { name: /I confirm that I own this data/ }).check();
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(upload.getByText(/^all rights reserved: no permission/)).toBeVisible();
  await expect(upload.getByLabel('Licence', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await page.screenshot({ path: testInfo.outputPath('upload-dialog.png') });

  await upload.getByLabel('Licence', { exact: true }).selectOption('CC0-1.0');
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();

  // The dataset page follows the version until ingest is done.
  await expect(page).toHaveURL(/\/datasets\/[0-9a-f-]+\?version=/);
  await expect(page.getByRole('heading', { level: 1, name: /penguins/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('ready')).toBeVisible({
    timeout: 30_000,
  });

  // Preview: a virtualized grid over all 344 rows.
  const grid = page.getByRole('grid', { name: 'Rows of penguins' });
  await expect(grid).toHaveAttribute('aria-rowcount', '345');
  await expect(grid.getByRole('row').nth(1)).toContainText('Adelie');
  await expect(page.getByText('344 rows · 7 columns')).toBeVisible();
  // Scrolled to the end, the last row is drawn and only rows near the view are in the DOM.
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(grid.locator('[aria-rowindex="345"]')).toContainText('344');
  expect(await grid.getByRole('row').count()).toBeLessThan(60);

  // Download: the data back as CSV, every row.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download as CSV' }).click(),
  ]);
  const downloaded = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split(/\r?\n/);
  expect(downloaded[0]).toBe(readFileSync(csvPath, 'utf8').split('\n')[0]);
  expect(downloaded).toHaveLength(345);

  // Schema: inferred types.
  await page.getByRole('tab', { name: 'Schema' }).click();
  const schema = page.getByRole('table', { name: 'Schema' });
  await expect(schema.getByRole('row', { name: /Species/ })).toContainText('categorical');
  await expect(schema.getByRole('row', { name: /Body Mass/ })).toContainText(/integer|float/);

  // Override: a type the values cannot take is refused with the column named; a role is kept.
  await page.getByLabel('Type of Island').selectOption('integer');
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(
    page.getByText(/column "Island" cannot be integer: 344 of 344 values do not convert/).first(),
  ).toBeVisible();
  await expect(page.getByLabel('Type of Island')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await page.getByLabel('Role of Species').selectOption('target');
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByText('Schema saved')).toBeVisible();
  await expect(schema.getByRole('row', { name: /Species/ })).toContainText('overridden');
  await page.reload();
  await expect(page.getByLabel('Role of Species')).toHaveValue('target');

  // Validation: one rule, run on this version, passes with the share of values observed.
  await page.getByRole('tab', { name: 'Validation' }).click();
  const ruleForm = page.getByRole('form', { name: 'Add a validation rule' });
  await ruleForm.getByLabel('Column').selectOption('Body Mass (g)');
  await ruleForm.getByLabel('Check').selectOption('between');
  await ruleForm.getByLabel('Minimum').fill('2000');
  await ruleForm.getByLabel('Maximum').fill('7000');
  await ruleForm.getByRole('button', { name: 'Add rule' }).click();
  const rulesCard = page.getByRole('region', { name: 'Validation rules' });
  await expect(rulesCard.getByText('Body Mass (g) is between 2000 and 7000')).toBeVisible();
  await page.getByRole('button', { name: 'Run rules now' }).click();
  const results = page.getByRole('table', { name: 'Validation results' });
  const resultRow = results.getByRole('row', { name: /Body Mass \(g\) is between/ });
  await expect(resultRow).toContainText('pass');
  await expect(resultRow).toContainText('100.0 %');
  await expect(resultRow).toContainText('342');
  await page.screenshot({ path: testInfo.outputPath('dataset-validation.png'), fullPage: true });

  // Profile: quality score with its breakdown, alerts, one card per column.
  await page.getByRole('tab', { name: 'Profile' }).click();
  const quality = page.getByRole('region', { name: 'Quality score' });
  await expect(quality.getByText(/^\d{1,3}\s*\/ 100$/)).toBeVisible();
  await expect(quality.getByText('completeness')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Alerts' })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Column / })).toHaveCount(7);
  await expect(page.getByRole('img', { name: /Histogram of Body Mass \(g\)/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Pearson correlations' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dataset-profile.png'), fullPage: true });

  // Versions: the licence and the attestation the uploader accepted.
  await page.getByRole('tab', { name: 'Versions' }).click();
  await expect(page.getByRole('table', { name: 'Versions' }).getByRole('row')).toHaveCount(2);
  const governance = page.getByRole('region', { name: 'Governance of version 1' });
  await expect(governance).toContainText('CC0-1.0');
  await expect(governance).toContainText('I confirm that I own this data');
  await page.screenshot({ path: testInfo.outputPath('dataset-versions.png'), fullPage: true });

  // The list shows the dataset as ready with its rows and licence.
  await page.getByRole('link', { name: 'Datasets', exact: true }).click();
  const row = page.getByRole('table', { name: 'Datasets' }).getByRole('row', { name: /penguins/ });
  await expect(row).toContainText('ready');
  await expect(row).toContainText('344');
  await expect(row).toContainText('CC0-1.0');

  // The same bytes as a second dataset, dropped on the zone, under a licence that needs review:
  // the upload says the file was stored already, and the version waits for an admin.
  await page.getByRole('button', { name: 'Upload dataset' }).click();
  const csv = readFileSync(csvPath, 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    // Runs in Chromium; this file is type-checked against Node, which has no DataTransfer.
    const { DataTransfer } = globalThis as unknown as {
      DataTransfer: new () => { items: { add: (file: File) => void } };
    };
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'penguins.csv', { type: 'text/csv' }));
    return transfer;
  }, csv);
  await upload.getByText(/^Drop a CSV/).dispatchEvent('drop', { dataTransfer });
  await expect(upload.getByText('penguins.csv')).toBeVisible();
  await upload.getByLabel('Dataset name').fill('penguins-copy');
  await upload.getByLabel('Licence', { exact: true }).selectOption('other');
  await expect(upload.getByText('a human must read its terms')).toBeVisible();
  await upload.getByRole('checkbox', { name: /I confirm that I own this data/ }).check();
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByText('These bytes were already stored')).toBeVisible();
  await expect(page.getByText(/waits for an admin review/)).toBeVisible({ timeout: 30_000 });

  // The owner approves it from the review queue, with a reason the uploader then sees.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'Reviews' })
    .click();
  const reviews = page.getByRole('table', { name: 'Reviews' });
  await expect(reviews.getByRole('row', { name: /penguins-copy v1/ })).toContainText('other');
  // Before deciding, the reviewer reads the held rows and the licence evidence.
  await reviews.getByRole('button', { name: 'Preview penguins-copy v1' }).click();
  const held = page.getByRole('table', { name: 'Rows under review' });
  await expect(held.getByRole('row')).toHaveCount(51); // header + the first 50 rows
  await expect(held).toContainText('Adelie');
  await expect(page.getByRole('region', { name: 'Governance of version 1' })).toContainText(
    'other',
  );
  await reviews.getByRole('button', { name: 'Approve penguins-copy v1' }).click();
  const decide = page.getByRole('dialog', { name: /Approve version 1 of .penguins-copy./ });
  await expect(decide.getByRole('button', { name: 'Approve' })).toBeDisabled(); // reason required
  await decide.getByLabel('Reason').fill('Palmer penguins are CC0 upstream.');
  await decide.getByRole('button', { name: 'Approve' }).click();
  await expect(decide).toBeHidden();
  await expect(page.getByText('Nothing to review')).toBeVisible();
  await page.getByLabel('Show').selectOption('approved');
  await reviews.getByRole('link', { name: 'penguins-copy v1' }).click();
  const copyGovernance = page.getByRole('region', { name: 'Governance of version 1' });
  await expect(copyGovernance).toContainText('approved');
  await expect(copyGovernance).toContainText('Decision: Palmer penguins are CC0 upstream.');
  await expect(page.getByRole('heading', { level: 1 }).getByText('ready')).toBeVisible();

  // SQL over the project's datasets (the SQL console of the dataset page).
  await page.getByRole('tab', { name: 'SQL' }).click();
  await page
    .getByLabel('SQL query')
    .fill('select species, count(*) from penguins group by species');
  await page.getByRole('button', { name: 'Run query' }).click();
  const result = page.getByRole('table', { name: 'Query result' });
  await expect(result.getByRole('row')).toHaveCount(4); // header + Adelie, Chinstrap, Gentoo
  await expect(result).toContainText('Adelie');
  await expect(result).toContainText('152');
  // The whole result kept as a new dataset whose lineage is the query.
  await page.getByLabel('Dataset for the result').fill('penguin-counts');
  await page.getByRole('button', { name: 'Save as version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 1' })).toBeVisible();

  // A second version of penguins without its first ten rows: the rule runs at ingest, and the
  // comparison shows the rows that went.
  const shorter = testInfo.outputPath('penguins-v2.csv');
  const [header, ...records] = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
  writeFileSync(shorter, [header, ...records.slice(10)].join('\n') + '\n');
  await page.getByRole('link', { name: 'Datasets', exact: true }).click();
  await page
    .getByRole('table', { name: 'Datasets' })
    .getByRole('link', { name: 'penguins', exact: true })
    .click();
  await page.getByRole('button', { name: 'Upload new version' }).click();
  const newVersion = page.getByRole('dialog', { name: 'Upload new version' });
  await newVersion.getByLabel('Data file').setInputFiles(shorter);
  await newVersion.getByLabel('Licence', { exact: true }).selectOption('CC0-1.0');
  await newVersion.getByRole('checkbox', { name: /I confirm that I own this data/ }).check();
  await newVersion.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('v2')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('ready')).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('tab', { name: 'Validation' }).click();
  await expect(page.getByText(/1 of 1 rules pass · checked at ingest/)).toBeVisible();
  // The override of version 1 still fits the data, so version 2 keeps it.
  await page.getByRole('tab', { name: 'Schema' }).click();
  await expect(page.getByLabel('Role of Species')).toHaveValue('target');
  await page.getByRole('tab', { name: 'Versions' }).click();
  const compare = page.getByRole('region', { name: 'Compare versions' });
  await expect(compare.getByLabel('From')).toHaveValue('1');
  await expect(compare.getByLabel('To')).toHaveValue('2');
  await expect(compare.getByRole('region', { name: 'Row changes' })).toContainText('344 → 334');
  await expect(compare.getByText('−10 removed')).toBeVisible();
  await expect(compare.getByText('+0 added')).toBeVisible();
  await expect(compare.getByRole('table', { name: 'Column changes' }).getByRole('row')).toHaveCount(
    8,
  );
  await page.screenshot({ path: testInfo.outputPath('dataset-diff.png'), fullPage: true });

  // The org's PII policy: the owner sends e-mail addresses to review instead of hashing them.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'Settings' })
    .click();
  const policy = page.getByRole('form', { name: 'Personal data policy' });
  await expect(policy.getByLabel('E-mail addresses')).toHaveValue('mask:hash');
  await policy.getByLabel('E-mail addresses').selectOption('review');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole('form', { name: 'Personal data policy' }).getByLabel('E-mail addresses'),
  ).toHaveValue('review');
});
