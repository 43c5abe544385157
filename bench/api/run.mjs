// API throughput and latency, embedded mode: the authenticated project list (API key) against the
// bare-server limit (/healthz). 50 connections, 10 s per case. Writes bench/results/api.json.
// Run with `npm run bench` after `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternateRounds, machine, measureLoad } from '../http-load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PROJECTS = 25;
// The machine is shared with the load generator: alternate the cases over rounds, report the median.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PASSWORD = 'quartz-meadow-lantern-77';

async function startServer() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aistudio-bench-'));
  const child = spawn(
    process.execPath,
    [path.join(root, 'apps/cli/bin/aistudio.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    {
      // The limit is raised so the bench measures the request path (the limiter still runs), not 429s.
      env: { ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_API_PER_MINUTE: '100000000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
  return { url, pid: child.pid, stop };
}

async function json(url, init) {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return { body: await res.json(), cookie: res.headers.get('set-cookie') };
}

async function seed(base) {
  const setup = await json(`${base}/api/v1/auth/setup`, {
    method: 'POST',
    body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD, name: 'Bench' }),
  });
  const session = { cookie: setup.cookie.split(';')[0], 'x-csrf-token': setup.body.csrfToken };
  const org = await json(`${base}/api/v1/orgs`, {
    method: 'POST',
    headers: session,
    body: JSON.stringify({ name: 'Bench org' }),
  });
  for (let i = 0; i < PROJECTS; i++) {
    await json(`${base}/api/v1/orgs/${org.body.id}/projects`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ name: `Project ${i}`, description: 'seeded for the API bench' }),
    });
  }
  const key = await json(`${base}/api/v1/orgs/${org.body.id}/api-keys`, {
    method: 'POST',
    headers: session,
    body: JSON.stringify({ name: 'bench', scopes: ['read'] }),
  });
  return { orgId: org.body.id, apiKey: key.body.secret };
}

const measure = (name, url, serverPid, headers = {}) =>
  measureLoad({ name, url, headers, connections: CONNECTIONS, durationS: DURATION_S, serverPid });

const server = await startServer();
try {
  const { orgId, apiKey } = await seed(server.url);
  const listUrl = `${server.url}/api/v1/orgs/${orgId}/projects`;
  const auth = { authorization: `Bearer ${apiKey}` };
  const { healthz, list } = await alternateRounds(
    {
      healthz: () => measure('GET /healthz (bare server)', `${server.url}/healthz`, server.pid),
      list: () =>
        measure(
          `GET /api/v1/orgs/{orgId}/projects (API key, ${PROJECTS} projects)`,
          listUrl,
          server.pid,
          auth,
        ),
    },
    ROUNDS,
  );
  const results = {
    bench: 'api',
    date: new Date().toISOString(),
    machine: machine(),
    mode: 'embedded (PGlite, in-memory rate limits)',
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    rounds: ROUNDS,
    note: 'Server and load generator share the machine; LOG_LEVEL=warn so request logs are not measured. Each case is the median round by rps.',
    cases: [healthz, list],
    targets: {
      listP95UnderMs: 25,
      listRpsAtLeastHalfOfHealthz: true,
      met: list.latencyMs.p95 < 25 && list.rps >= healthz.rps / 2,
      listToHealthzRpsRatio: +(list.rps / healthz.rps).toFixed(3),
    },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/api.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(
    `targets met: ${results.targets.met} (list/healthz rps ratio ${results.targets.listToHealthzRpsRatio})`,
  );
} finally {
  await server.stop();
}
