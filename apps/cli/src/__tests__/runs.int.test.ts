import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart } from '../../../server/src/__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  setupOwner,
  type SignedIn,
  type TestApp,
} from '../../../server/src/__tests__/support/test-app.js';

// The built CLI as a real process, against the real app listening on a real port and database.
const bin = fileURLToPath(new URL('../../bin/aistudio.js', import.meta.url));
// Palmer penguins (CC0), as shipped by the vega-datasets package.
const penguins = JSON.parse(
  readFileSync(
    new URL('../../../../node_modules/vega-datasets/data/penguins.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string | number | null>[];
const columns = Object.keys(penguins[0]!);
const csv = [
  columns.join(','),
  ...penguins.map((row) => columns.map((c) => row[c] ?? '').join(',')),
].join('\n');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const child = spawn(process.execPath, [bin, 'runs', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectOneLineError(outcome: Outcome, code: number, pattern: RegExp) {
  expect(outcome.code).toBe(code);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(outcome.stderr).toMatch(pattern);
}

describe('aistudio runs', { timeout: 120_000 }, () => {
  let t: TestApp;
  let owner: SignedIn;
  let url: string;
  let key: string;
  let projectId: string;
  let versionId: string;
  let finishedRunId: string;

  const startRun = async (params: Record<string, number>) => {
    const created = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as: owner,
      body: { datasetVersionId: versionId, target: 'Species', algorithm: 'gbdt', params },
    });
    expect(created.status).toBe(202);
    return created.body.id as string;
  };
  const as = (...args: string[]) => ['--server', url, '--api-key', key, ...args];

  beforeAll(async () => {
    t = await createTestApp();
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    owner = await setupOwner(t);
    const orgId = await createTeam(t, owner);
    projectId = (
      await t.call('POST', `/api/v1/orgs/${orgId}/projects`, { as: owner, body: { name: 'Birds' } })
    ).body.id;
    key = (
      await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
        as: owner,
        body: { name: 'cli', scopes: ['read', 'write'] },
      })
    ).body.secret;
    const upload = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'penguins', license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'penguins.csv', content: csv } },
    );
    expect(upload.status).toBe(202);
    versionId = upload.body.version.id;
    await t.jobs.idle();
    finishedRunId = await startRun({ nIter: 30 });
    await t.jobs.idle();
  }, 120_000);
  afterAll(() => t?.close());

  it('lists a project’s runs as JSON and as a table', async () => {
    const json = await cli(as('list', '--project', projectId, '--json'));
    expect(json.code, json.stderr).toBe(0);
    const page = JSON.parse(json.stdout);
    expect(page.items.map((run: { id: string }) => run.id)).toContain(finishedRunId);
    const run = page.items.find((r: { id: string }) => r.id === finishedRunId);
    expect(run).toMatchObject({ status: 'succeeded', algorithm: 'gbdt', target: 'Species' });

    // The key may come from the environment instead of the command line.
    const table = await cli(['list', '--server', url, '--project', projectId], {
      AISTUDIO_API_KEY: key,
    });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^id\s+name\s+status\s+algorithm\s+target\s+metric\s+created$/m);
    const line = table.stdout.split('\n').find((l) => l.startsWith(finishedRunId))!;
    expect(line).toMatch(
      /\s+succeeded\s+gbdt\s+Species\s+accuracy [\d.]+\s+\d{4}-\d\d-\d\d \d\d:\d\d$/,
    );
    expect(Number(/accuracy ([\d.]+)/.exec(line)![1])).toBeGreaterThanOrEqual(0.95);
  });

  it('filters runs with the MLflow-style grammar', async () => {
    const none = await cli(
      as('list', '--project', projectId, '--filter', 'metrics.accuracy > 1.5', '--json'),
    );
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout).items).toEqual([]);
    const bad = await cli(as('list', '--project', projectId, '--filter', 'metrics.accuracy >>'));
    expectOneLineError(bad, 1, /^aistudio runs: 400 /);
  });

  it('shows a run with its held-out metrics', async () => {
    const shown = await cli(as('show', finishedRunId));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^status\s+succeeded$/m);
    expect(shown.stdout).toMatch(/^params\s+\{"nIter":30\}$/m);
    const accuracy = /^accuracy\s+([\d.]+)$/m.exec(shown.stdout);
    expect(Number(accuracy?.[1])).toBeGreaterThanOrEqual(0.95);
  });

  it('cancels a running run and refuses to cancel a finished one', async () => {
    const runId = await startRun({ nIter: 20_000 });
    // A running run stops at its next iteration: --wait returns once it has.
    const cancelled = await cli(as('cancel', runId, '--wait'));
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toBe(`Run ${runId} (${(await run(runId)).name}) is cancelled.\n`);
    expect((await run(runId)).status).toBe('cancelled');
    expectOneLineError(
      await cli(as('cancel', finishedRunId)),
      1,
      /^aistudio runs: 409 The run is succeeded; only queued, running or paused runs can be cancelled\.$/m,
    );
  });

  it('answers one line for an unknown run, a bad key and an unreachable server', async () => {
    expectOneLineError(await cli(as('show', randomUUID())), 1, /^aistudio runs: 404 /);
    expectOneLineError(
      await cli(['show', finishedRunId, '--server', url, '--api-key', 'ais_wrong']),
      1,
      /^aistudio runs: 401 .*\(give --api-key or set AISTUDIO_API_KEY\)$/m,
    );
    const closed = await closedPort();
    expectOneLineError(
      await cli([
        'show',
        finishedRunId,
        '--server',
        `http://127.0.0.1:${closed}`,
        '--api-key',
        key,
      ]),
      1,
      new RegExp(
        `^aistudio runs: cannot reach http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)$`,
        'm',
      ),
    );
    expectOneLineError(await cli(as('list')), 2, /list needs --project ID/);
  });

  const run = async (id: string) => (await t.call('GET', `/api/v1/runs/${id}`, { as: owner })).body;
});
