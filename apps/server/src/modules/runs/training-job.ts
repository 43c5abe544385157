import { Readable } from 'node:stream';
import { z } from 'zod';
import {
  plannedIterations,
  type Algorithm,
  type TrainCheckpoint,
  type TrainSpec,
} from '@aistudio/engine';
import type { Db } from '@aistudio/db';
import { ComputeTaskError, type ComputePool } from '../../infra/compute/compute-pool.js';
import { siblingModule } from '../../infra/compute/spawn-worker.js';
import {
  JobFailure,
  JobStop,
  type JobContext,
  type JobHandler,
} from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import type { DuckDBLimits } from '../datasets/ingest/index.js';
import { ProgressRecorder, type RunEventLog } from './run-events.js';
import { RunsRepository, type RunRow } from './runs.repository.js';
import type { TrialPruner } from './sweeps/trial-pruner.js';
import { trainingColumns } from './training-columns.js';
import type {
  TrainingTaskInput,
  TrainingTaskProgress,
  TrainingTaskResult,
} from './training-task.js';
import type { WebhookEvents } from '../webhooks/webhook-events.js';

export const TRAINING_JOB = 'run.train';
export const TrainingPayload = z.object({ v: z.literal(1), runId: z.uuid() });
export type TrainingPayload = z.infer<typeof TrainingPayload>;

const TASK_MODULE = siblingModule(import.meta.url, 'training-task');

export interface TrainingSettings {
  readonly duckdb: DuckDBLimits;
  /** How often a running training's checkpoint is saved (and so the most a crash loses). */
  readonly checkpointIntervalMs: number;
}

/** Starts the training thread ahead of the first run (a long-lived serve or worker process). */
export function warmTrainingThread(pool: ComputePool): void {
  pool.warm(TASK_MODULE);
}

/** Where a run's files live in blob storage; deleting the run deletes the prefix. */
export const runArtifactKey = (run: Pick<RunRow, 'orgId' | 'id'>, name: string) =>
  `runs/${run.orgId}/${run.id}/${name}`;

/**
 * Runs a training job: the data is read and the model trained in a compute-pool thread; this
 * side records progress, checkpoints and the outcome. Idempotent: a job run again (after a
 * crash) continues from the last checkpoint, and a run already finished is left alone.
 */
export function trainingJobHandler(
  db: Db,
  storage: BlobStorage,
  pool: ComputePool,
  events: RunEventLog,
  settings: TrainingSettings,
  onError: (error: unknown) => void,
  pruner?: Pick<TrialPruner, 'check'>,
  webhookEvents?: WebhookEvents,
): JobHandler {
  const trainRun = async (runId: string, ctx: JobContext) => {
    const repo = new RunsRepository(db);
    const run = await repo.findRun(runId);
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    const finish = (values: Partial<RunRow> & { status: RunRow['status'] }, elapsedMs: number) =>
      finishRun(db, events, run, values, elapsedMs, webhookEvents);
    if (run.stopRequest) {
      await finish({ status: run.stopRequest === 'pause' ? 'paused' : 'cancelled' }, 0);
      return;
    }

    const version = (await new DatasetsRepository(db).findVersion(run.datasetVersionId))?.version;
    if (!version || version.status !== 'ready' || !version.parquetKey) {
      const why = `dataset version is ${version?.status ?? 'deleted'}; train on a ready version`;
      await finish({ status: 'failed', error: why }, 0);
      throw new JobFailure(why);
    }
    const plan = trainingColumns(version.schema, run);
    if (!plan.ok) {
      await finish({ status: 'failed', error: plan.error }, 0);
      throw new JobFailure(plan.error);
    }
    const resumeFrom = run.checkpointIteration === null ? null : await readCheckpoint(storage, run);

    // Only a run nobody stopped meanwhile starts: a pause or cancel of the queued run may have
    // landed between the claim and here, and must not be overwritten.
    if (!(await repo.markRunning(run.id, run.startedAt ?? new Date()))) {
      const latest = await repo.findRun(run.id);
      if (latest?.stopRequest) {
        await finish({ status: latest.stopRequest === 'pause' ? 'paused' : 'cancelled' }, 0);
      }
      return;
    }
    await events.append(run.id, [{ type: 'state', status: 'running', error: null }]);
    const started = Date.now();
    const recorder = new ProgressRecorder(
      run.id,
      db,
      events,
      onError,
      undefined,
      run.parentRunId && pruner ? (progress) => pruner.check(run, progress) : undefined,
    );
    const opening = resumeFrom
      ? `resuming from iteration ${resumeFrom.iteration}`
      : 'training started';
    ctx.log(opening);
    recorder.log(opening);
    const total = plannedIterations(run.algorithm as Algorithm, run.params);
    let checkpoints: Promise<void> = Promise.resolve();
    const onProgress = (message: TrainingTaskProgress) => {
      if (message.kind === 'progress') recorder.push({ ...message, total });
      else if (message.kind === 'log') {
        ctx.log(message.message);
        recorder.log(message.message);
      } else
        checkpoints = checkpoints.then(() => saveCheckpoint(db, storage, run, message.checkpoint));
    };
    const spec: TrainSpec = {
      target: run.target,
      features: plan.features,
      ...(run.task ? { task: run.task } : {}),
      algorithm: run.algorithm as Algorithm,
      params: run.params,
      seed: run.seed,
    };
    let result: TrainingTaskResult;
    try {
      result = await storage.withLocalFile(version.parquetKey, (parquetPath) =>
        pool.run<TrainingTaskInput, TrainingTaskProgress, TrainingTaskResult>(
          TASK_MODULE,
          {
            parquetPath,
            columns: plan.columns,
            spec,
            testFraction: run.testFraction,
            fairnessColumn: run.fairnessColumn,
            // About 200 checkpoints per run at most: each copies the model so far.
            checkpointEvery: Math.max(1, Math.ceil((total ?? 1) / 200)),
            checkpointIntervalMs: settings.checkpointIntervalMs,
            resumeFrom,
            duckdb: settings.duckdb,
          },
          { signal: ctx.signal, onProgress },
        ),
      );
    } catch (error) {
      await recorder.stop();
      await checkpoints.catch(onError);
      await settleFailure(error, ctx, (values) => finish(values, Date.now() - started), db, run.id);
      return;
    }
    await recorder.stop();
    await checkpoints.catch(onError);
    await storeArtifacts(db, storage, run, result);
    await finish(
      {
        status: 'succeeded',
        metrics: result.metrics,
        features: result.features,
        task: result.task,
        engineVersion: result.engineVersion,
      },
      Date.now() - started,
    );
  };

  return async (job, ctx) => {
    const { runId } = TrainingPayload.parse(job.payload);
    try {
      await trainRun(runId, ctx);
    } catch (error) {
      // Whatever went wrong, the run must not stay `running` — unless its job runs again.
      const stop = ctx.signal.aborted ? (ctx.signal.reason as JobStop) : null;
      const again = stop?.cause === 'shutdown' || stop?.cause === 'lease-lost';
      if (!again) await failIfActive(db, events, runId, webhookEvents).catch(onError);
      throw error;
    }
  };
}

async function failIfActive(
  db: Db,
  events: RunEventLog,
  runId: string,
  webhookEvents?: WebhookEvents,
): Promise<void> {
  const run = await new RunsRepository(db).findRun(runId);
  if (run && (run.status === 'queued' || run.status === 'running')) {
    await finishRun(
      db,
      events,
      run,
      { status: 'failed', error: 'internal error while training; the server log has the details' },
      0,
      webhookEvents,
    );
  }
}

/** Turns a failed or stopped training into the run's outcome; rethrows what the queue must see. */
async function settleFailure(
  error: unknown,
  ctx: JobContext,
  finish: (values: Partial<RunRow> & { status: RunRow['status'] }) => Promise<void>,
  db: Db,
  runId: string,
): Promise<void> {
  const stop = ctx.signal.aborted ? (ctx.signal.reason as JobStop) : null;
  if (stop?.cause === 'cancelled') {
    const latest = await new RunsRepository(db).findRun(runId);
    const paused = latest?.stopRequest === 'pause' || latest?.status === 'paused';
    await finish({ status: paused ? 'paused' : 'cancelled' });
    return;
  }
  // Shutdown or a lost lease: the job runs again elsewhere and resumes from its checkpoint.
  if (stop && stop.cause !== 'timeout') throw error;
  const internal = !(error instanceof ComputeTaskError) || error.kind === 'internal';
  const message = stop
    ? `training timed out (${stop.message})`
    : internal
      ? 'internal error while training; the server log has the details'
      : error.message;
  await finish({ status: 'failed', error: message });
  // An internal error reaches the queue as it is, which logs it with its stack.
  throw internal && !stop ? error : new JobFailure(message);
}

async function finishRun(
  db: Db,
  events: RunEventLog,
  run: RunRow,
  values: Partial<RunRow> & { status: RunRow['status'] },
  elapsedMs: number,
  webhookEvents?: WebhookEvents,
): Promise<void> {
  const repo = new RunsRepository(db);
  const final = values.status !== 'paused';
  const current = await repo.findRun(run.id);
  if (!current) return; // deleted meanwhile
  await db.transaction(async (tx) => {
    await new RunsRepository(tx as unknown as Db).updateRun(run.id, {
      ...values,
      stopRequest: null,
      finishedAt: final ? new Date() : null,
      durationMs: (current.durationMs ?? 0) + Math.round(elapsedMs),
    });
    if (values.status === 'succeeded' || values.status === 'failed') {
      await webhookEvents?.publish(tx as unknown as Db, {
        orgId: run.orgId,
        projectId: run.projectId,
        type: values.status === 'succeeded' ? 'run.succeeded' : 'run.failed',
        data: {
          runId: run.id,
          name: run.name,
          experimentId: run.experimentId,
          algorithm: run.algorithm,
          status: values.status,
          metrics: values.metrics ?? {},
          error: values.error ?? null,
        },
      });
    }
  });
  await events.append(run.id, [
    ...(values.metrics ? [{ type: 'metrics' as const, metrics: values.metrics }] : []),
    { type: 'state', status: values.status, error: values.error ?? null },
  ]);
}

async function readCheckpoint(storage: BlobStorage, run: RunRow): Promise<TrainCheckpoint | null> {
  try {
    const stream = await storage.read(runArtifactKey(run, 'checkpoint.json'));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as TrainCheckpoint;
  } catch {
    return null; // no usable checkpoint: train from the start, which gives the same model
  }
}

async function writeArtifact(
  db: Db,
  storage: BlobStorage,
  run: RunRow,
  name: string,
  contentType: string,
  bytes: Uint8Array,
): Promise<void> {
  const key = runArtifactKey(run, name);
  const { size } = await storage.write(key, Readable.from([bytes]));
  await new RunsRepository(db).upsertArtifact({
    runId: run.id,
    name,
    storageKey: key,
    contentType,
    sizeBytes: size,
  });
}

async function saveCheckpoint(
  db: Db,
  storage: BlobStorage,
  run: RunRow,
  checkpoint: TrainCheckpoint,
): Promise<void> {
  const bytes = Buffer.from(JSON.stringify(checkpoint));
  await writeArtifact(db, storage, run, 'checkpoint.json', 'application/json', bytes);
  await new RunsRepository(db).updateRun(run.id, { checkpointIteration: checkpoint.iteration });
}

async function storeArtifacts(
  db: Db,
  storage: BlobStorage,
  run: RunRow,
  result: TrainingTaskResult,
): Promise<void> {
  // Independent files: written side by side, so their fsyncs overlap.
  await Promise.all([
    writeArtifact(
      db,
      storage,
      run,
      'model.json',
      'application/json',
      Buffer.from(result.modelJson),
    ),
    writeArtifact(
      db,
      storage,
      run,
      'evaluation.json',
      'application/json',
      Buffer.from(JSON.stringify(result.evaluation)),
    ),
    ...(result.onnx
      ? [writeArtifact(db, storage, run, 'model.onnx', 'application/octet-stream', result.onnx)]
      : []),
  ]);
  // The finished model supersedes the checkpoint; dropped once every file of the model is kept.
  await storage.delete(runArtifactKey(run, 'checkpoint.json'));
  await new RunsRepository(db).deleteArtifact(run.id, 'checkpoint.json');
}
