// Job-system overhead (issue 5, Measure): empty-job throughput and claim latency of the embedded
// queue (PGlite in memory; PostgreSQL when BENCH_DATABASE_URL is set) and of the BullMQ queue
// (when REDIS_URL is set too). Writes bench/results/queue.json. Runs the TypeScript sources:
//   node --conditions=@aistudio/source --import tsx bench/training/queue-overhead.mjs
// BENCH_QUEUE_JOBS sets the jobs per throughput case (default 2000); BENCH_QUEUE_PINGS the
// sequential jobs timed for claim latency (default 200).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Queue } from 'bullmq';
import { openDatabase, schema } from '@aistudio/db';
import { BullMqJobQueue } from '../../apps/server/src/infra/queue/bullmq-job-queue.ts';
import { EmbeddedJobQueue } from '../../apps/server/src/infra/queue/embedded-job-queue.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 2000);
const PINGS = Number(process.env.BENCH_QUEUE_PINGS ?? 200);
const pgUrl = process.env.BENCH_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** A fresh, migrated database: in-memory PGlite, or a new PostgreSQL database dropped after. */
async function freshDatabase(kind) {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
    return { database, drop: () => database.close() };
  }
  const name = `aistudio_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
  await database.migrate();
  return {
    database,
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: pgUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

function makeQueue(adapter, db, concurrency, prefix) {
  const options = {
    concurrency,
    orgConcurrency: 1000,
    leaseMs: 30_000,
    backoffBaseMs: 1000,
    runHandlers: true,
    pollMs: 1000,
    onError: (error) => console.error(error),
  };
  return adapter === 'bullmq'
    ? new BullMqJobQueue(db, { ...options, redisUrl, prefix, busyDelayMs: 1000 })
    : new EmbeddedJobQueue(db, { ...options, recoverRunning: false });
}

/** Jobs per second claimed, run (empty handler) and written back, from a queue filled beforehand. */
async function throughput(adapter, db, orgId, concurrency, prefix) {
  const queue = makeQueue(adapter, db, concurrency, prefix);
  let done = 0;
  let finished;
  const allDone = new Promise((resolve) => (finished = resolve));
  queue.handle('bench.empty', async () => {
    if (++done === JOBS) finished();
  });
  for (let i = 0; i < JOBS; i++) {
    await queue.enqueue(db, { orgId, projectId: null, kind: 'bench.empty', payload: { i } });
  }
  const started = performance.now();
  queue.start();
  await allDone;
  await queue.idle();
  const seconds = (performance.now() - started) / 1000;
  await queue.stop();
  return {
    concurrency,
    jobs: JOBS,
    seconds: round(seconds),
    jobsPerSecond: round(JOBS / seconds, 0),
  };
}

/** From the enqueuing transaction's commit to the handler starting, one job at a time. */
async function claimLatency(adapter, db, orgId, prefix) {
  const queue = makeQueue(adapter, db, 1, prefix);
  let started;
  queue.handle('bench.ping', async () => started());
  queue.start();
  const latencies = [];
  for (let i = 0; i < PINGS; i++) {
    const running = new Promise((resolve) => (started = resolve));
    await db.transaction((tx) =>
      queue.enqueue(tx, { orgId, projectId: null, kind: 'bench.ping', payload: {} }),
    );
    const committed = performance.now();
    queue.wake();
    await running;
    latencies.push(performance.now() - committed);
  }
  await queue.idle();
  await queue.stop();
  return {
    pings: PINGS,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(Math.max(...latencies)),
  };
}

async function benchCase(adapter, kind) {
  const { database, drop } = await freshDatabase(kind);
  const prefix = `aistudio-bench-${randomUUID().slice(0, 8)}`;
  try {
    const [org] = await database.db
      .insert(schema.orgs)
      .values({ name: 'bench', kind: 'team' })
      .returning();
    const result = {
      adapter,
      database: kind,
      throughput: [],
      claimLatency: await claimLatency(adapter, database.db, org.id, prefix),
    };
    for (const concurrency of [1, 4]) {
      result.throughput.push(await throughput(adapter, database.db, org.id, concurrency, prefix));
    }
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await drop();
    if (adapter === 'bullmq') {
      const keys = new Queue('jobs', { connection: { url: redisUrl }, prefix });
      await keys.obliterate({ force: true });
      await keys.close();
    }
  }
}

const cases = [['embedded', 'pglite']];
if (pgUrl) cases.push(['embedded', 'postgres']);
if (pgUrl && redisUrl) cases.push(['bullmq', 'postgres']);

const results = [];
for (const [adapter, kind] of cases) results.push(await benchCase(adapter, kind));
const output = {
  generatedAt: new Date().toISOString(),
  command: 'node --conditions=@aistudio/source --import tsx bench/training/queue-overhead.mjs',
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    loadavg: loadavg().map((l) => round(l)),
  },
  notes:
    'Throughput: a queue filled beforehand drained through claim -> empty handler -> outcome written ' +
    '(BullMQ: dispatch of the outbox included). ' +
    'Claim latency: enqueue commit -> handler start, same process (wake() after commit); ' +
    'another process finds embedded jobs by its 1 s poll instead.',
  results,
};
writeFileSync(path.join(root, 'bench/results/queue.json'), `${JSON.stringify(output, null, 2)}\n`);
console.log('wrote bench/results/queue.json');
