// Upload bench (issue 4, resumable uploads): a generated CSV (default 1 GiB) sent to a real
// `aistudio serve` (local storage; see startServer) in one multipart request, and resumably
// (tus, 64 MiB PATCHes, then the finishing request, which re-reads the file for its SHA-256).
// Reports wall seconds, MB/s and the server's CPU seconds per GB (load-independent on a shared
// machine), and the finish alone: what re-hashing on completion costs. Cases alternate over rounds.
// Writes bench/results/ingest-resumable.json. Build first (`npm run build`).
// BENCH_UPLOAD_MB sets the file size; BENCH_ROUNDS the rounds.
import { createHash } from 'node:crypto';
import {
  createReadStream,
  mkdtempSync,
  openAsBlob,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { machine, processCpuMs } from '../http-load.mjs';
import { migrate, startServe } from '../training/studio-processes.mjs';
import { generateFlightsCsv } from './generate-csv.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEGABYTES = Number(process.env.BENCH_UPLOAD_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CHUNK_BYTES = 64 * 1024 * 1024;
const round2 = (value) => Math.round(value * 100) / 100;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * `aistudio serve`: with BENCH_DATABASE_URL (a PostgreSQL admin URL) on a fresh database and
 * without a worker, so no ingest job competes with the uploads; else embedded, where the ingest of
 * each upload runs in the same process while the next one is measured.
 */
async function startServer(dataDir) {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const env = {
    MAX_UPLOAD_BYTES: String(4 * 1024 ** 3),
    AISTUDIO_SECRET_KEY: 'upload-bench-secret-key-0123456789abcdef',
  };
  let drop = async () => {};
  if (adminUrl) {
    const name = `aistudio_upload_bench_${Date.now().toString(36)}`;
    const admin = async (statement) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    migrate({ env });
    drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const server = await startServe({ dataDir, env, noWorker: Boolean(adminUrl) });
  return {
    url: server.value,
    pid: server.pid,
    ingestDuringUploads: !adminUrl,
    stop: async () => {
      await server.stop();
      await drop();
    },
  };
}

async function ok(response) {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response;
}

async function seed(base) {
  const setup = await ok(
    await fetch(`${base}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'bench@example.com',
        password: 'quartz-meadow-lantern-77',
        name: 'Bench',
      }),
    }),
  );
  const session = {
    cookie: setup.headers.get('set-cookie').split(';')[0],
    'x-csrf-token': (await setup.json()).csrfToken,
  };
  const post = async (url, body) =>
    (
      await ok(
        await fetch(`${base}${url}`, {
          method: 'POST',
          headers: { ...session, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      )
    ).json();
  const org = await post('/api/v1/orgs', { name: 'Bench org' });
  const project = await post(`/api/v1/orgs/${org.id}/projects`, { name: 'Uploads' });
  return { session, projectId: project.id };
}

const fields = (form, name) => {
  form.append('name', name);
  form.append('license', 'CC0-1.0');
  form.append('attestation', '1');
  return form;
};

async function singleRequest(base, { session, projectId }, file, name) {
  const form = fields(new FormData(), name);
  form.append('file', await openAsBlob(file), path.basename(file));
  await ok(
    await fetch(`${base}/api/v1/projects/${projectId}/datasets`, {
      method: 'POST',
      headers: session,
      body: form,
    }),
  );
  return {};
}

async function resumable(base, { session, projectId }, file, name) {
  const blob = await openAsBlob(file);
  const tus = { ...session, 'tus-resumable': '1.0.0' };
  const b64 = (text) => Buffer.from(text).toString('base64');
  const created = await ok(
    await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        ...tus,
        'upload-length': String(blob.size),
        'upload-metadata': `projectId ${b64(projectId)},filename ${b64(path.basename(file))}`,
      },
    }),
  );
  const url = `${base}${created.headers.get('location')}`;
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    await ok(
      await fetch(url, {
        method: 'PATCH',
        headers: {
          ...tus,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: blob.slice(offset, offset + CHUNK_BYTES),
      }),
    );
  }
  const finishStarted = performance.now();
  await ok(
    await fetch(`${url}/finish`, {
      method: 'POST',
      headers: session,
      body: fields(new FormData(), name),
    }),
  );
  return { finishSeconds: (performance.now() - finishStarted) / 1000 };
}

async function sha256Seconds(file) {
  const started = performance.now();
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 })) hash.update(chunk);
  hash.digest('hex');
  return (performance.now() - started) / 1000;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'aistudio-upload-bench-'));
try {
  const file = path.join(work, 'flights.csv');
  await generateFlightsCsv(file, MEGABYTES);
  const gigabytes = statSync(file).size / 1024 ** 3;
  const server = await startServer(path.join(work, 'data'));
  const results = { 'single-request': [], resumable: [] };
  const loads = [];
  try {
    const seeded = await seed(server.url);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [mode, upload] of [
        ['single-request', singleRequest],
        ['resumable', resumable],
      ]) {
        loads.push(os.loadavg()[0]);
        const cpuBefore = processCpuMs(server.pid);
        const started = performance.now();
        const extra = await upload(server.url, seeded, file, `${mode}-${round}`);
        const seconds = (performance.now() - started) / 1000;
        const serverCpuSeconds = (processCpuMs(server.pid) - cpuBefore) / 1000;
        results[mode].push({ seconds, serverCpuSeconds, ...extra });
        console.log(mode, round, JSON.stringify(results[mode].at(-1)));
      }
    }
  } finally {
    await server.stop();
  }
  const report = (runs) => {
    const seconds = median(runs.map((r) => r.seconds));
    const cpu = median(runs.map((r) => r.serverCpuSeconds));
    return {
      seconds: round2(seconds),
      mbPerSecond: round2((gigabytes * 1024) / seconds),
      serverCpuSecondsPerGB: round2(cpu / gigabytes),
      rounds: runs.map((r) => round2(r.seconds)),
    };
  };
  const finish = median(results.resumable.map((r) => r.finishSeconds));
  const output = {
    bench: 'ingest-resumable',
    date: new Date().toISOString(),
    machine: machine(),
    database: server.ingestDuringUploads
      ? 'embedded (ingest jobs run meanwhile)'
      : 'postgresql, no worker',
    loadAverage1mPerRound: loads.map(round2),
    fileMB: round2(gigabytes * 1024),
    chunkMB: CHUNK_BYTES / 1024 ** 2,
    singleRequest: report(results['single-request']),
    resumable: report(results.resumable),
    // The finish re-reads the stored file for its SHA-256 (Node cannot persist a hash state);
    // sha256 alone is the floor of that re-read on this machine.
    finishSeconds: round2(finish),
    sha256OfFileSeconds: round2(await sha256Seconds(file)),
  };
  output.resumableVsSingle = round2(output.resumable.seconds / output.singleRequest.seconds);
  writeFileSync(
    path.join(root, 'bench/results/ingest-resumable.json'),
    `${JSON.stringify(output, null, 2)}\n`,
  );
  console.log(JSON.stringify(output, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
