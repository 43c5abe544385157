import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@aistudio/db';
import { testDb } from '../../../__tests__/support/test-app.js';
import { loadConfig } from '../../../config/config.js';
import { createJobQueue } from '../create-job-queue.js';
import type { JobQueue } from '../job-queue.js';
import { createOrg, eventually, jobRow, openQueueDatabase } from './support/queue-fixture.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./support/counting-worker.ts', import.meta.url));
const redisUrl = process.env.REDIS_URL;
const adapters = redisUrl ? (['embedded', 'bullmq'] as const) : (['embedded'] as const);

// Workers share a PostgreSQL database; PGlite belongs to one process.
describe.skipIf(testDb !== 'postgres').each(adapters)(
  '`aistudio worker` processes (%s)',
  (adapter) => {
    let fixture: Awaited<ReturnType<typeof openQueueDatabase>>;
    let db: Db;
    let api: JobQueue;
    let orgId: string;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'aistudio-workers-'));
    const prefix = `aistudio-test-${randomUUID().slice(0, 8)}`;
    const children: ChildProcess[] = [];

    const env = () => ({
      PATH: process.env.PATH,
      DATABASE_URL: fixture.url!,
      ...(adapter === 'bullmq' ? { REDIS_URL: redisUrl } : {}),
      JOB_REDIS_PREFIX: prefix,
      JOB_LEASE_MS: '1000',
      JOB_CONCURRENCY: '2',
      JOB_ORG_CONCURRENCY: '10',
      AISTUDIO_DATA_DIR: dataDir,
      AISTUDIO_SECRET_KEY: 'test-secret-key-0123456789abcdefghijkl',
      LOG_LEVEL: 'warn',
    });

    beforeAll(async () => {
      fixture = await openQueueDatabase();
      db = fixture.db;
      await db.execute(
        sql`create table test_checkpoints (job_id uuid primary key, step int not null, done_by int[] not null)`,
      );
      orgId = await createOrg(db);
      // The HTTP-only side (`serve --no-worker`): enqueues and dispatches, runs nothing.
      api = createJobQueue(db, loadConfig(env()), {
        recoverRunning: false,
        runHandlers: false,
        onError: (error) => {
          throw error;
        },
      });
      api.start();
    });
    afterEach(async () => {
      for (const child of children.splice(0)) await kill(child, 'SIGTERM');
    });
    afterAll(async () => {
      await api.stop();
      await fixture.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (adapter === 'bullmq') {
        for (const name of ['jobs', 'jobs-platform']) {
          const keys = new Queue(name, { connection: { url: redisUrl! }, prefix });
          await keys.obliterate({ force: true });
          await keys.close();
        }
      }
    });

    /** Starts a worker and resolves once it runs; `onLine` sees what it prints (steps done). */
    async function startWorker(onLine: (line: string) => void = () => {}): Promise<ChildProcess> {
      const child = spawn(
        process.execPath,
        ['--conditions=@aistudio/source', '--import', 'tsx', WORKER_SCRIPT],
        { env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let ready = false;
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line === 'ready') ready = true;
          else onLine(line);
        }
      });
      await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`worker exited: ${stderr}`);
          return ready;
        },
        'the worker to start',
        90_000,
      );
      return child;
    }

    async function enqueueCount(to: number, stepMs: number) {
      const job = await api.enqueue(db, {
        orgId,
        projectId: null,
        kind: 'test.count',
        payload: { to, stepMs },
      });
      api.wake();
      return job;
    }

    async function checkpoint(jobId: string) {
      const result = (await db.execute(
        sql`select step, done_by from test_checkpoints where job_id = ${jobId}`,
      )) as unknown as { rows: { step: number; done_by: number[] }[] };
      return result.rows[0];
    }

    it('two workers share the queue: every job runs once, on both workers', async () => {
      const [a, b] = await Promise.all([startWorker(), startWorker()]);
      const jobs = [];
      // Long enough (8 × 0.6 s over 2 slots) that one worker cannot finish them all before the
      // other's next poll, however the two are scheduled.
      for (let i = 0; i < 8; i++) jobs.push(await enqueueCount(3, 200));
      for (const job of jobs) {
        await eventually(
          async () => (await jobRow(db, job.id)).status === 'succeeded',
          'jobs',
          60_000,
        );
      }
      const runners = new Set<number>();
      for (const job of jobs) {
        const done = await checkpoint(job.id);
        expect(done!.step).toBe(3);
        expect(done!.done_by).toHaveLength(3); // each step ran once
        expect((await jobRow(db, job.id)).attempts).toBe(1);
        for (const pid of done!.done_by) runners.add(pid);
      }
      expect(runners).toEqual(new Set([a.pid, b.pid]));
    }, 180_000);

    it('a worker killed with SIGKILL mid-job: another takes it over after the lease and resumes from the checkpoint', async () => {
      let progressed = 0;
      const doomed = await startWorker(() => (progressed += 1));
      const job = await enqueueCount(30, 100);
      await eventually(async () => progressed >= 5, 'the job to be under way', 60_000);
      await kill(doomed, 'SIGKILL');
      const reached = (await checkpoint(job.id))!.step;
      expect((await jobRow(db, job.id)).status).toBe('running'); // orphaned, lease not yet expired

      const successor = await startWorker();
      const row = await eventually(
        async () => {
          const r = await jobRow(db, job.id);
          return r.status === 'succeeded' && r;
        },
        'the job to finish on the successor',
        90_000,
      );
      expect(row.attempts).toBe(2);
      const done = (await checkpoint(job.id))!;
      expect(done.step).toBe(30);
      // Steps 1..reached by the killed worker, the rest by its successor: none repeated, none lost.
      expect(done.done_by).toEqual([
        ...Array<number>(reached).fill(doomed.pid!),
        ...Array<number>(30 - reached).fill(successor.pid!),
      ]);
    }, 240_000);
  },
);

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
