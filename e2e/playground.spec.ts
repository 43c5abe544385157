// The browser playground: a GBDT trains on the bundled penguins inside a Web Worker in Chromium,
// its loss curve grows while it runs, it pauses and resumes, and nothing is computed on a server.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, startServer, test, type StudioServer } from './fixtures.js';

test('playground: train a GBDT on the penguins in the browser, pause, resume, reach accuracy >= 0.95', async ({
  page,
}, testInfo) => {
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
  });

  // No account needed: the playground opens without setup or sign-in.
  await page.goto('/playground');
  await expect(page.getByRole('heading', { level: 1, name: 'Playground' })).toBeVisible();
  await expect(page.getByText('344 rows, 7 columns')).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('Species');
  await expect(page.getByLabel('Algorithm')).toHaveValue('gbdt');

  // Slow motion waits between iterations, so the curve can be seen growing and paused.
  await page.getByRole('checkbox', { name: /Slow motion/ }).check();
  await page.getByRole('button', { name: 'Train' }).click();

  const status = page.getByRole('status', { name: 'Training status' });
  const iteration = page.getByTestId('iteration');
  const curve = page.locator('figure', { has: page.getByRole('img', { name: 'Loss curves' }) });
  await expect(iteration).toHaveText(/^([3-9]|\d\d)$/);
  const pointsEarly = Number(await curve.getAttribute('data-points'));
  expect(pointsEarly).toBeGreaterThan(0);
  await expect
    .poll(async () => Number(await curve.getAttribute('data-points')))
    .toBeGreaterThan(pointsEarly);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toContainText('Paused');
  const pausedAt = Number(await iteration.textContent());
  await page.screenshot({ path: testInfo.outputPath('playground-paused.png'), fullPage: true });
  await page.getByRole('button', { name: 'Resume' }).click();

  // Done: evaluated on the held-out rows, with a validation curve drawn beside the training one.
  await expect(status).toContainText('Done', { timeout: 30_000 });
  expect(Number(await iteration.textContent())).toBeGreaterThan(pausedAt);
  await expect(curve.getByText('validation loss')).toBeVisible();
  const accuracy = Number(await page.getByTestId('metric-accuracy').textContent());
  expect(accuracy).toBeGreaterThanOrEqual(0.95);
  await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'ROC curves' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Feature importance' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('playground-done.png'), fullPage: true });

  // A user's own file is parsed in the page too: a bad one is refused with the reason.
  await page.getByLabel('Dataset').selectOption('file');
  await page.getByLabel('Data file').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b\n1,2\n3\n'),
  });
  await expect(page.getByText('row 3 has 1 fields; the header has 2')).toBeVisible();

  expect(apiCalls).toEqual([]);
});

test('playground: a linear regression on Seattle weather, then a neural network stopped mid-way', async ({
  page,
}) => {
  await page.goto('/playground');
  await page.getByLabel('Dataset').selectOption('seattle-weather');
  await expect(page.getByText('1,461 rows, 6 columns')).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('temp_max');
  // The date is left out by default: as text it would only teach the model the calendar.
  await expect(page.getByRole('checkbox', { name: 'date' })).not.toBeChecked();

  await page.getByLabel('Algorithm').selectOption('linear');
  await expect(page.getByLabel('Penalty strength')).toBeVisible();
  await page.getByRole('button', { name: 'Train' }).click();
  const status = page.getByRole('status', { name: 'Training status' });
  await expect(status).toContainText('Done', { timeout: 30_000 });
  expect(Number(await page.getByTestId('metric-r2').textContent())).toBeGreaterThan(0.5);
  await expect(page.getByRole('img', { name: 'Predicted against actual values' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Residuals against predicted values' })).toBeVisible();

  // An out-of-range value is refused next to its field, before any training starts.
  await page.getByLabel('Algorithm').selectOption('mlp');
  await page.getByLabel('Epochs (max)').fill('0');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByText('must be a number from 1 to 10000')).toBeVisible();

  await page.getByLabel('Epochs (max)').fill('');
  await page.getByRole('checkbox', { name: /Slow motion/ }).check();
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('iteration')).toHaveText(/^[2-9]$|^\d\d+$/);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toContainText('Stopped');
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  await expect(page.getByTestId('metric-r2')).toHaveCount(0);
});

test.describe('saving a playground model', () => {
  // Its own studio: saving needs an owner account and a project.
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

  test('playground: a signed-in user saves the run with its data, and the run page shows its lineage', async ({
    page,
  }) => {
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

    await page.getByRole('link', { name: 'Playground' }).click();
    await expect(page.getByText('344 rows, 7 columns')).toBeVisible();
    await page.getByRole('button', { name: 'Train' }).click();
    await expect(page.getByRole('status', { name: 'Training status' })).toContainText('Done', {
      timeout: 30_000,
    });
    const browserAccuracy = (await page.getByTestId('metric-accuracy').textContent())!;

    const save = async (runName: string, register: boolean) => {
      await page.getByRole('button', { name: 'Save to a project…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save to a project' });
      await expect(dialog.getByLabel('Project')).toHaveValue(/[0-9a-f-]+/);
      await expect(dialog.getByLabel('Training data licence')).toHaveValue('CC0-1.0');
      await expect(dialog.getByLabel('Run name')).toHaveValue('playground-species-gbdt');
      await dialog.getByLabel('Run name').fill(runName);
      if (!register)
        await dialog.getByRole('checkbox', { name: 'Also register the model' }).uncheck();
      await dialog.getByRole('checkbox', { name: /I confirm that I own this data/ }).check();
      await dialog.getByRole('button', { name: 'Save to project' }).click();
      await expect(dialog.getByText(`Run ${runName} is in the project`)).toBeVisible({
        timeout: 30_000,
      });
      return dialog;
    };

    const first = await save('penguins in the browser', true);
    await expect(
      first.getByText('playground-species-gbdt version 1 is in the registry'),
    ).toBeVisible();
    await first.getByText('Close', { exact: true }).click();
    // Saving again reuses the uploaded data instead of storing the same bytes twice.
    const second = await save('penguins again', false);
    await expect(second.getByText('already in the project: not uploaded again')).toBeVisible();
    await second.getByRole('link', { name: 'Open the run' }).click();

    // The run page: a finished run on the uploaded penguins, evaluated by the server like the browser did.
    await expect(page.getByRole('heading', { level: 1 })).toContainText('penguins again');
    const lineage = page.getByLabel('Data lineage');
    await expect(lineage).toContainText('Trained in the browser playground on penguins version 1');
    await expect(lineage).toContainText('licence CC0-1.0');
    await expect(page.getByTestId('metric-accuracy')).toHaveText(browserAccuracy);
    await lineage.getByRole('link', { name: 'penguins version 1' }).click();
    await expect(page).toHaveURL(/\/datasets\/[0-9a-f-]+$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('penguins');
  });
});
