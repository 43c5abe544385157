import { buildApp } from './app.js';
import { ConfigError, type Config } from './config/config.js';
import type { JobQueue } from './infra/queue/job-queue.js';

const STOP_TIMEOUT_MS = 25_000;

/**
 * `aistudio worker`: runs job handlers and no HTTP server. It is wired by the same composition
 * root as `serve` (so it has exactly the server's handlers), and shares the server's PostgreSQL
 * database (and Redis, when set). SIGTERM/SIGINT abort running jobs, which go back to the queue.
 */
export async function runWorker(
  config: Readonly<Config>,
): Promise<{ jobs: JobQueue; stop: () => Promise<void> }> {
  if (config.database.kind !== 'postgres') {
    throw new ConfigError(
      'aistudio worker needs DATABASE_URL: the embedded database belongs to the one `aistudio serve` process, which runs the jobs itself.',
    );
  }
  const { app, services } = await buildApp(config, { runJobs: true, warmCompute: true });
  await app.ready();
  app.log.info(
    { queue: config.redisUrl ? 'bullmq' : 'database', concurrency: config.jobs.concurrency },
    'worker running jobs',
  );
  // The queue's timers do not hold a process open (tests); a worker lives until told to stop.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= app.close().finally(() => clearInterval(keepAlive)));
  const onSignal = (signal: string) => {
    app.log.info({ signal }, 'stopping: running jobs go back to the queue');
    setTimeout(() => {
      app.log.error('jobs did not stop in time; exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  return { jobs: services.jobs, stop };
}
