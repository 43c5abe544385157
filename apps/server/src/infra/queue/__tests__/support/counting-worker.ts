/**
 * `aistudio worker` (the real entry, configured from the environment) plus one test job kind,
 * `test.count`: it counts to `payload.to`, one step every `payload.stepMs`, and checkpoints each
 * step in the database, so a worker killed mid-job leaves the count where a successor resumes.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '@aistudio/db';
import { loadConfig } from '../../../../config/config.js';
import { runWorker } from '../../../../worker.js';

const COUNT_JOB = 'test.count';

const config = loadConfig(process.env);
if (config.database.kind !== 'postgres') throw new Error('needs DATABASE_URL');
const { jobs } = await runWorker(config);
const { db } = await openDatabase({ kind: 'postgres', url: config.database.url, poolSize: 2 });

jobs.handle(COUNT_JOB, async (job, ctx) => {
  const { to, stepMs } = job.payload as { to: number; stepMs: number };
  const found = (await db.execute(
    sql`select step from test_checkpoints where job_id = ${job.id}`,
  )) as unknown as { rows: { step: number }[] };
  let step = found.rows[0]?.step ?? 0;
  while (step < to) {
    ctx.signal.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    step += 1;
    // The step and its checkpoint commit together: a kill between steps loses no count.
    await db.execute(sql`
      insert into test_checkpoints (job_id, step, done_by)
      values (${job.id}, ${step}, array[${process.pid}::int])
      on conflict (job_id) do update
      set step = excluded.step, done_by = array_append(test_checkpoints.done_by, ${process.pid}::int)`);
    process.stdout.write(`${job.id} ${step}\n`);
  }
});
process.stdout.write('ready\n');
