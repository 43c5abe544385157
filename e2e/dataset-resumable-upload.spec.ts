import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { expect, startServer, test, type StudioServer } from './fixtures.js';

// Its own instance: the journey starts at the setup page of a fresh studio.
let server: StudioServer;
let child: ChildProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, child } = await startServer());
});
test.afterAll(async () => {
  if (!child) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(server.dataDir, { recursive: true, force: true });
});

const ROWS = 600_000;

/** A CSV over the 8 MB resumable threshold: `ROWS` rows of an id, a measurement and a label. */
function writeLargeCsv(path: string) {
  const lines = ['id,reading,site'];
  for (let i = 0; i < ROWS; i += 1) lines.push(`${i},${((i * 37) % 1000) / 10},site-${i % 17}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

test('datasets: a file over 8 MB goes up resumably, survives a pause and a lost connection, and ingests', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const csvPath = testInfo.outputPath('readings.csv');
  writeLargeCsv(csvPath);

  await page.goto(`${server.url}/`);
  await page.getByLabel('Your name').fill('Rosa Uploader');
  await page.getByLabel('Email').fill('rosa@example.com');
  await page.getByLabel('Password').fill('violet-harbor-sextant-42');
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.getByRole('button', { name: 'New project' }).first().click();
  const projectDialog = page.getByRole('dialog', { name: 'Create project' });
  await projectDialog.getByLabel('Project name').fill('Field sensors');
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('link', { name: 'Datasets' }).click();

  // The network, played by the test: the first chunk's connection fails, the last one hangs
  // until the user pauses; everything else goes through to the real server.
  let patches = 0;
  let lastChunkHeld!: () => void;
  const held = new Promise<void>((resolve) => (lastChunkHeld = resolve));
  let releaseLastChunk!: () => void;
  const released = new Promise<void>((resolve) => (releaseLastChunk = resolve));
  await page.route('**/api/v1/uploads/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    patches += 1;
    if (patches === 1) return route.abort('connectionfailed');
    if (patches === 3) {
      lastChunkHeld();
      await released;
      return route.continue().catch(() => undefined); // the paused request is gone by now
    }
    return route.continue();
  });

  await page.getByRole('button', { name: 'Upload dataset' }).first().click();
  const upload = page.getByRole('dialog', { name: 'Upload dataset' });
  await upload.getByLabel('Data file').setInputFiles(csvPath);
  await expect(upload.getByLabel('Dataset name')).toHaveValue('readings');
  await upload.getByLabel('Licence', { exact: true }).selectOption('CC0-1.0');
  await upload.getByRole('checkbox', { name: /I confirm that I own this data/ }).check();
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();

  // A lost connection is waited out, then the upload goes on from the server's offset.
  await expect(upload.getByText(/^Connection lost; resuming in \d+ s/)).toBeVisible();

  // Paused with the first 8 MB chunk stored: the bar stays at the server's offset.
  await held;
  const bar = upload.getByRole('progressbar', { name: 'Upload progress' });
  await upload.getByRole('button', { name: 'Pause' }).click();
  await expect(upload.getByText(/^Paused at \d+ %/)).toBeVisible();
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(50);
  await page.screenshot({ path: testInfo.outputPath('upload-paused.png') });
  releaseLastChunk();
  await upload.getByRole('button', { name: 'Resume' }).click();

  // The dataset page follows the version until ingest is done: every row is there.
  await expect(page).toHaveURL(/\/datasets\/[0-9a-f-]+\?version=/, { timeout: 90_000 });
  expect(patches).toBe(4);
  await expect(page.getByRole('heading', { level: 1, name: /readings/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('ready')).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText(`${ROWS.toLocaleString('en-US')} rows · 3 columns`)).toBeVisible();
});
