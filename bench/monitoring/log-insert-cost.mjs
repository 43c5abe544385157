// What one prediction-log row costs the embedded database, apart from HTTP: CPU per row of
// MonitoringRepository.insertPredictionLogs on PGlite (on its own thread) by batch size, how much
// of it still lands on the calling thread (the one that serves HTTP in the server), and the same
// INSERT into a bare copy of the table (same columns, no indexes, no foreign key) to show how
// much of it the schema's indexes and key account for. Rows look like the serving bench's: the
// penguins record and a 3-class output. Median of 3 passes of 20 000 rows per case.
// Prints one JSON object on stdout; bench/monitoring/run.mjs merges it into
// bench/results/monitoring.json. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@aistudio/db';
import { sql } from 'drizzle-orm';
import { MonitoringRepository } from '../../apps/server/dist/modules/monitoring/monitoring.repository.js';
import { machine } from '../http-load.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const PASSES = 3;
const BATCHES = [250, 1000, 5000];

const database = await openDatabase({
  kind: 'pglite',
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'aistudio-log-insert-bench-')),
});
await database.migrate();
const { db } = database;
const orgId = randomUUID();
const projectId = randomUUID();
const deploymentId = randomUUID();
const modelVersionId = randomUUID();
// The deployment the log's foreign key points at; its own parents are beside the point here.
await db.execute(sql`SET session_replication_role = replica`);
await db.execute(sql`INSERT INTO deployments (id, org_id, project_id, name, routes)
  VALUES (${deploymentId}, ${orgId}, ${projectId}, 'bench', '[]'::jsonb)`);
await db.execute(sql`SET session_replication_role = origin`);
await db.execute(sql`CREATE TABLE prediction_logs_bare (LIKE prediction_logs INCLUDING DEFAULTS)`);

const features = {
  Island: 'Torgersen',
  'Beak Length (mm)': 39.1,
  'Beak Depth (mm)': 18.7,
  'Flipper Length (mm)': 181,
  'Body Mass (g)': 3750,
  Sex: 'MALE',
};
const output = { label: 'Adelie', probabilities: { Adelie: 0.97, Chinstrap: 0.02, Gentoo: 0.01 } };
const rows = (n) =>
  Array.from({ length: n }, () => ({
    id: randomUUID(),
    orgId,
    projectId,
    deploymentId,
    modelVersionId,
    predictionId: randomUUID(),
    recordIndex: 0,
    features,
    output,
    latencyMs: 1.2,
    shadow: false,
    createdAt: new Date(),
  }));

const repo = new MonitoringRepository(db);
/** The repository's INSERT, aimed at the bare table by renaming it into place for the pass. */
async function intoBare(insert) {
  await db.execute(sql`ALTER TABLE prediction_logs RENAME TO prediction_logs_real`);
  await db.execute(sql`ALTER TABLE prediction_logs_bare RENAME TO prediction_logs`);
  try {
    await insert();
  } finally {
    await db.execute(sql`ALTER TABLE prediction_logs RENAME TO prediction_logs_bare`);
    await db.execute(sql`ALTER TABLE prediction_logs_real RENAME TO prediction_logs`);
  }
}

// CPU ns this thread has used (schedstat's first field): event-loop busy time would also count
// the waits for a core on a loaded machine.
const callingThreadCpuNs = () =>
  Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);

/**
 * CPU (all threads), calling-thread CPU and wall µs per row of inserting ROWS rows in
 * batches; rows are built before the clock.
 */
async function pass(batch) {
  const batches = Array.from({ length: Math.ceil(ROWS / batch) }, () => rows(batch));
  const cpu = process.cpuUsage();
  const calling = callingThreadCpuNs();
  const start = performance.now();
  for (const b of batches) await repo.insertPredictionLogs(b);
  const used = process.cpuUsage(cpu);
  const callingNs = callingThreadCpuNs() - calling;
  return {
    cpuUsPerRow: (used.user + used.system) / ROWS,
    callingThreadUsPerRow: callingNs / 1000 / ROWS,
    wallUsPerRow: ((performance.now() - start) * 1000) / ROWS,
  };
}

async function measure(name, batch, table) {
  const passes = [];
  for (let i = 0; i < PASSES; i++) {
    if (table === 'bare') await intoBare(async () => passes.push(await pass(batch)));
    else passes.push(await pass(batch));
  }
  const median = (key) => passes.map((p) => p[key]).sort((a, b) => a - b)[1];
  const result = {
    case: name,
    batchRows: batch,
    table,
    medianCpuUsPerRow: +median('cpuUsPerRow').toFixed(1),
    // What serving gives up per logged row: the rest runs on the database thread.
    medianCallingThreadUsPerRow: +median('callingThreadUsPerRow').toFixed(1),
    medianWallUsPerRow: +median('wallUsPerRow').toFixed(1),
    // A batch holds the database this long (other statements wait; serving does not).
    medianBatchWallMs: +((median('wallUsPerRow') * batch) / 1000).toFixed(1),
  };
  process.stderr.write(`${JSON.stringify(result)}\n`);
  return result;
}

await pass(1000); // warm-up: plan caches, relation files
const cases = [];
for (const batch of BATCHES)
  cases.push(await measure(`${batch}-row batches`, batch, 'prediction_logs'));
cases.push(await measure('1000-row batches, bare table', 1000, 'bare'));
await database.close();

console.log(
  JSON.stringify(
    {
      bench: 'prediction-log-insert-cost',
      date: new Date().toISOString(),
      commit:
        process.env.BENCH_COMMIT ??
        execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
      machine: machine(),
      mode: 'embedded (PGlite on its worker thread, data directory on disk), no HTTP',
      rowsPerPass: ROWS,
      passes: PASSES,
      note: 'CPU is process.cpuUsage (all threads) around the inserts only (rows are built beforehand); calling thread = CPU of the thread that calls the repository (/proc/thread-self/schedstat). "bare table" = the same columns without the primary key, the two secondary indexes and the foreign key.',
      cases,
    },
    null,
    2,
  ),
);
