// Case 3: runs, and trials of a sweep, per minute with 1 and then 2 `aistudio worker` processes
// on PostgreSQL behind an `aistudio serve --no-worker`: real processes sharing a fresh database
// (dropped after) and, when Redis is given, a BullMQ queue under a prefix of their own.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Queue } from 'bullmq';
import { writePenguinsCsv } from './bench-data.mjs';
import { StudioClient } from './studio-client.mjs';
import { migrate, startServe, startWorker } from './studio-processes.mjs';
import { estimateError, loadAverage, round } from './stats.mjs';

/** A small run: default GBDT (100 iterations) on the penguins. */
const smallRun = (datasetVersionId, seed) => ({
  datasetVersionId,
  target: 'Species',
  algorithm: 'gbdt',
  seed,
});

export async function measureWorkerThroughput({ work, adminUrl, redisUrl, runs }) {
  const database = await createDatabase(adminUrl);
  const prefix = `aistudio-bench-${randomUUID().slice(0, 8)}`;
  const dataDir = path.join(work, 'scale');
  mkdirSync(dataDir, { recursive: true });
  const env = {
    DATABASE_URL: database.url,
    AISTUDIO_SECRET_KEY: randomBytes(48).toString('base64'),
    AISTUDIO_DATA_DIR: dataDir, // the processes share local file storage on this one machine
    RATE_LIMIT_API_PER_MINUTE: '100000000',
    // One job and one training thread per worker, so workers are the unit being scaled.
    JOB_CONCURRENCY: '1',
    COMPUTE_THREADS: '1',
    ...(redisUrl ? { REDIS_URL: redisUrl, JOB_REDIS_PREFIX: prefix } : { REDIS_URL: '' }),
  };
  const processes = [];
  try {
    migrate({ env });
    const serve = await startServe({ dataDir, env, noWorker: true });
    processes.push(serve);
    processes.push(await startWorker({ env }));
    const client = new StudioClient(serve.value);
    await client.setUp();
    const csvPath = path.join(work, 'penguins-scale.csv');
    writePenguinsCsv(csvPath);
    const versionId = await client.upload(csvPath, 'CC0-1.0');
    await client.waitReady(versionId, 100);

    const results = [];
    const sweeps = [];
    for (const workers of [1, 2]) {
      if (workers === 2) processes.push(await startWorker({ env }));
      results.push(await drain(client, versionId, workers, runs));
      sweeps.push(await sweep(client, versionId, workers, runs));
    }
    return {
      queue: redisUrl ? 'bullmq (Redis)' : 'database (PostgreSQL, polled every second)',
      database: 'PostgreSQL (fresh database, dropped after)',
      runsPerCase: runs,
      run: 'default GBDT (100 iterations) on the penguins, each with its own seed',
      cases: results,
      speedup: round(results[1].runsPerMinute / results[0].runsPerMinute, 3),
      sweep: {
        spec: SWEEP,
        cases: sweeps,
        speedup: round(sweeps[1].trialsPerMinute / sweeps[0].trialsPerMinute, 3),
      },
    };
  } finally {
    for (const child of processes.reverse()) await child.stop();
    await database.drop();
    if (redisUrl) {
      const keys = new Queue('jobs', { connection: { url: redisUrl }, prefix });
      await keys.obliterate({ force: true });
      await keys.close();
    }
  }
}

/**
 * Warms every worker with one run each, then queues `count` runs at once and waits for all;
 * throughput is measured on the server's clock, from the first run created to the last finished.
 */
async function drain(client, versionId, workers, count) {
  const warmUp = [];
  for (let i = 0; i < workers; i++) warmUp.push((await client.startRun(smallRun(versionId, i))).id);
  await client.waitAllFinal(warmUp);

  const loadBefore = loadAverage();
  const ids = [];
  for (let i = 0; i < count; i++) {
    ids.push((await client.startRun(smallRun(versionId, 1000 * workers + i))).id);
  }
  const runs = await client.waitAllFinal(ids);
  const failed = runs.filter((run) => run.status !== 'succeeded');
  if (failed.length > 0) throw new Error(`runs did not succeed: ${JSON.stringify(failed[0])}`);
  const first = Math.min(...runs.map((run) => Date.parse(run.createdAt)));
  const last = Math.max(...runs.map((run) => Date.parse(run.finishedAt)));
  const seconds = (last - first) / 1000;
  const durations = runs.map((run) => run.durationMs).sort((a, b) => a - b);
  console.log(`${workers} worker(s): ${round((count / seconds) * 60, 1)} runs/min`);
  return {
    workers,
    runs: count,
    seconds: round(seconds),
    runsPerMinute: round((count / seconds) * 60, 1),
    medianRunDurationMs: durations[Math.floor(durations.length / 2)],
    estimates: runs.map((run) => estimateError(run)),
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}

// Random sampling with a fixed seed and no pruning: both worker counts train the same trials.
const SWEEP = {
  algorithm: 'gbdt',
  sampler: 'random',
  pruning: 'none',
  parallelism: 2,
  space: {
    learningRate: { type: 'logUniform', low: 0.03, high: 0.3 },
    numLeaves: { type: 'int', low: 7, high: 31 },
  },
  seed: 7,
};

/** One sweep of `trials` trials; trials per minute from the sweep's creation to its end. */
async function sweep(client, versionId, workers, trials) {
  const loadBefore = loadAverage();
  const created = await client.call('POST', `/api/v1/projects/${client.projectId}/sweeps`, {
    datasetVersionId: versionId,
    target: 'Species',
    trials,
    ...SWEEP,
  });
  const [done] = await client.waitAllFinal([created.id]);
  if (done.status !== 'succeeded') throw new Error(`sweep ended ${JSON.stringify(done)}`);
  const board = await client.call('GET', `/api/v1/runs/${created.id}/trials`);
  const seconds = (Date.parse(done.finishedAt) - Date.parse(done.createdAt)) / 1000;
  console.log(`sweep, ${workers} worker(s): ${round((trials / seconds) * 60, 1)} trials/min`);
  return {
    workers,
    trials: board.trials.length,
    succeeded: board.trials.filter((t) => t.status === 'succeeded').length,
    seconds: round(seconds),
    trialsPerMinute: round((board.trials.length / seconds) * 60, 1),
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}

async function createDatabase(adminUrl) {
  const name = `aistudio_bench_training_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
