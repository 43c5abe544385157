// Alert channels, rules and webhooks in the browser, against a real receiver on loopback: a webhook
// alert channel and a platform webhook are created in the UI, "Send test" is pressed for both, the
// receiver checks each signature with the secret the UI showed once, and the webhook's delivery log
// shows the test (and its resend) as delivered. A rule on the error rate of a deployment that just
// refused bad input fires at once and notifies the channel; its history says so.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, startServer, test } from './fixtures.js';
import { deployPenguinModel, penguins, PENGUIN_FEATURES } from './penguin-deployment.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback that keeps every request and answers 200 "thanks". */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Checks `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` independently of the server's code. */
function signedWith(secret: string, delivery: Received): boolean {
  const header = String(delivery.headers['x-aistudio-signature'] ?? '');
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
  if (!t || !v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test('a channel, a rule and a webhook on a loopback receiver: tests are delivered signed, the rule fires on refused input, the log shows each delivery', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const receiver = await startReceiver();
  // Its own studio, allowed to call loopback (the SSRF guard refuses it otherwise).
  const studio = await startServer({ WEBHOOKS_ALLOW_LOOPBACK: 'true' });
  const context = await browser.newContext({ baseURL: studio.server.url });
  try {
    const page = await context.newPage();
    const { projectId, deploymentId } = await deployPenguinModel(page.request, {
      name: 'Olga Oncall',
      email: 'olga@example.com',
    });
    await page.goto(`/projects/${projectId}`);

    await page.getByRole('link', { name: 'Alerts' }).click();
    await expect(page.getByRole('heading', { name: 'Alerts' })).toBeVisible();
    await page.getByRole('button', { name: 'New channel' }).click();
    const channelForm = page.getByRole('dialog', { name: 'New alert channel' });
    // Client-side check first: nothing is sent without a URL.
    await channelForm.getByLabel('Channel name').fill('Ops hook');
    await channelForm.getByRole('button', { name: 'Add channel' }).click();
    await expect(channelForm.getByText('Enter an http(s) URL.')).toBeVisible();
    await channelForm.getByLabel('URL').fill(receiver.url('/alerts'));
    await channelForm.getByRole('button', { name: 'Add channel' }).click();
    const channelSecret = await copyShownSecret(page, 'Channel signing secret');

    const channel = page.getByRole('listitem', { name: 'Channel Ops hook' });
    await channel.getByRole('button', { name: 'Send test' }).click();
    await expect(channel.getByRole('status')).toContainText('Delivered: HTTP 200');
    await expect(channel.getByRole('status')).toContainText('thanks');
    const [ping] = receiver.at('/alerts');
    expect(signedWith(channelSecret, ping!)).toBe(true);
    expect(JSON.parse(ping!.body)).toMatchObject({ type: 'ping', data: { test: true } });

    await ruleJourney(page, deploymentId);
    // The notification is a job of its own: it lands a moment after the state changes.
    const firingAt = () => receiver.at('/alerts').filter((r) => r.body.includes('"alert.firing"'));
    await expect.poll(() => firingAt().length, { timeout: 30_000 }).toBe(1);
    expect(signedWith(channelSecret, firingAt()[0]!)).toBe(true);

    // Edit: the URL starts empty (the saved path is never shown back); the new one takes effect.
    await channel.getByRole('button', { name: 'Edit' }).click();
    const channelEdit = page.getByRole('dialog', { name: 'Edit “Ops hook”' });
    await expect(channelEdit.getByLabel('URL')).toHaveValue('');
    await channelEdit.getByLabel('URL').fill(receiver.url('/alerts-moved'));
    await channelEdit.getByRole('button', { name: 'Save channel' }).click();
    await expect(channelEdit).toBeHidden();
    await channel.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => receiver.at('/alerts-moved').length).toBe(1);
    expect(signedWith(channelSecret, receiver.at('/alerts-moved')[0]!)).toBe(true);

    await page.goto(`/projects/${projectId}`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'New webhook' }).click();
    const hookForm = page.getByRole('dialog', { name: 'New webhook' });
    await hookForm.getByLabel('Payload URL').fill(receiver.url('/hooks'));
    await hookForm.getByRole('button', { name: 'Add webhook' }).click();
    await expect(hookForm.getByText('Choose at least one event.')).toBeVisible();
    await hookForm.getByLabel('alert.firing').check();
    await hookForm.getByLabel('run.failed').check();
    await hookForm.getByLabel('Description').fill('on-call bot');
    await hookForm.getByRole('button', { name: 'Add webhook' }).click();
    const hookSecret = await copyShownSecret(page, 'Webhook signing secret');

    const webhook = page.getByRole('region', { name: `Webhook ${receiver.url('/hooks')}` });
    await expect(webhook.getByTestId('webhook-status')).toHaveText('active');
    await webhook.getByRole('button', { name: 'Send test' }).click();
    const log = webhook.getByRole('table', { name: 'Deliveries' });
    const delivery = log.getByRole('row').nth(1);
    await expect(delivery.getByTestId('delivery-status')).toHaveText('succeeded', {
      timeout: 30_000,
    });
    await expect(delivery).toContainText('ping');
    await expect(delivery).toContainText('HTTP 200');
    await expect(delivery).toContainText('thanks');
    expect(receiver.at('/hooks')).toHaveLength(1);
    expect(signedWith(hookSecret, receiver.at('/hooks')[0]!)).toBe(true);

    // Resend: the same delivery, a second attempt.
    await delivery.getByRole('button', { name: 'Resend' }).click();
    await expect(delivery.getByRole('cell').nth(2)).toHaveText('2', { timeout: 30_000 });
    expect(receiver.at('/hooks')).toHaveLength(2);
    const [first, second] = receiver.at('/hooks');
    expect(second!.headers['x-aistudio-delivery']).toBe(first!.headers['x-aistudio-delivery']);
  } finally {
    await context.close();
    studio.child.kill('SIGTERM');
    await new Promise((resolve) => studio.child.once('exit', resolve));
    rmSync(studio.server.dataDir, { recursive: true, force: true });
    await receiver.close();
  }
});

/**
 * Refused input counts as an error, so three refused requests make the error rate 1. A rule created
 * right after fires at its first evaluation, and notifies the channel.
 */
async function ruleJourney(page: Page, deploymentId: string) {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const record = Object.fromEntries(PENGUIN_FEATURES.map((c) => [c, penguins[0]![c] ?? null]));
  for (let i = 0; i < 3; i++) {
    const refused = await page.request.post(`/api/v1/deployments/${deploymentId}/predict`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { records: [{ ...record, 'Beak Length (mm)': 'long' }] },
    });
    expect(refused.status()).toBe(422);
  }

  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('dialog', { name: 'New alert rule' });
  await form.getByLabel('Name').fill('Errors high');
  await form.getByLabel('Threshold').fill('5');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByText('This metric is a ratio between 0 and 1')).toBeVisible();
  await form.getByLabel('Threshold').fill('0.3');
  await form.getByLabel('Window').fill('5m');
  await form.getByLabel('Severity').selectOption('critical');
  await form.getByLabel('Ops hook').check();
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form).toBeHidden();

  const rules = page.getByRole('table', { name: 'Alert rules' });
  const row = rules.getByRole('row', { name: /Errors high/ });
  await expect(row).toContainText('error_rate > 0.3 over 5m');
  await expect(row).toContainText('critical');
  await expect(row.getByTestId('rule-state')).toHaveText('firing', { timeout: 45_000 });

  // The server's problem lands on its field: the feature must be an input of the deployed model.
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit “Errors high”' });
  await edit.getByLabel('Metric').selectOption('feature_drift');
  await edit.getByLabel('Feature').fill('Wingspan');
  await edit.getByLabel('Threshold').fill('1');
  await edit.getByRole('button', { name: 'Save rule' }).click();
  await expect(edit.getByText('is not an input of the deployed model')).toBeVisible();
  await edit.getByRole('button', { name: 'Cancel' }).click();

  await row.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History of “Errors high”' });
  await expect(history.getByRole('listitem').first()).toContainText(
    '→ firing at 1 (threshold 0.3)',
  );
  await expect(history.getByRole('listitem').first()).toContainText('by evaluator');
  await history.getByRole('button', { name: 'Close' }).click();

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row.getByTestId('rule-state')).toHaveText('disabled');
}

/** Reads the secret the UI shows once, then closes the dialog. */
async function copyShownSecret(page: Page, title: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: title });
  const secret = await dialog.getByLabel('Signing secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return secret;
}
