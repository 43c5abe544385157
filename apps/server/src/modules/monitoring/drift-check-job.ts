import type { DriftCheckOptions, DriftReport, ModelInputField } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import {
  detectColumnDrift,
  detectDatasetDrift,
  recordsToTable,
  type DriftColumn,
} from '@aistudio/engine';
import type { DuckDBLimits } from '../datasets/ingest/duckdb-session.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { DeploymentsRepository } from '../deployments/deployments.repository.js';
import type { Scorer } from '../deployments/model-scorer.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { JobFailure, type JobHandler } from '../../infra/queue/job-queue.js';
import { driftColumnOf, featureColumns } from './drift-columns.js';
import {
  DriftChecksRepository,
  type DriftCheckRow,
  type LoggedPrediction,
} from './drift-checks.repository.js';
import { readReferenceSample, type DriftInput } from './drift-reference.js';
import { windowMs } from './drift-window.js';

export const DRIFT_CHECK_JOB = 'monitoring.drift_check';

/** A drift check job: the check it fills, or (scheduled) the deployment and options to start one. */
export interface DriftCheckPayload {
  v: 1;
  deploymentId: string;
  checkId?: string;
  options: DriftCheckOptions;
}

/** Where a drift check reads and how much. */
export interface DriftCheckSettings {
  duckdb: DuckDBLimits;
  /** Reference rows sampled from the Parquet file. */
  referenceMaxRows: number;
  /** Newest logged predictions of the window read at most. */
  currentMaxRows: number;
  /** Fewest values per side for a column's verdict. */
  minSamples: number;
}

/** Loads (cached) the scorer of a model version, to score the reference for prediction drift. */
export type ScorerFor = (route: {
  modelId: string;
  modelVersionId: string;
  version: number;
}) => Promise<Scorer>;

/** Runs drift checks. Idempotent: a finished check is left as it is; a retried job finds its check. */
export function driftCheckJobHandler(
  db: Db,
  storage: BlobStorage,
  scorerFor: ScorerFor,
  settings: DriftCheckSettings,
  /** This process's prediction-log rows not yet written: a check asked for now must see them. */
  pendingPredictions: { flush(): Promise<void> },
): JobHandler {
  return async (job, ctx) => {
    const payload = job.payload as unknown as DriftCheckPayload;
    const repo = new DriftChecksRepository(db);
    const check = await checkOfJob(db, job.id, payload, job.createdBy);
    if (!check || check.status === 'succeeded' || check.status === 'failed') return;
    await repo.update(check.id, { status: 'running' });
    try {
      await pendingPredictions.flush();
      const outcome = await runCheck(db, storage, scorerFor, settings, check, ctx.signal);
      await repo.update(check.id, { ...outcome, status: 'succeeded', completedAt: new Date() });
      ctx.log(
        outcome.datasetDrift === null
          ? `no verdict: ${outcome.report.reason}`
          : `drift share ${outcome.driftShare}: ${outcome.datasetDrift ? 'drifted' : 'no drift'}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repo.update(check.id, { status: 'failed', error: message, completedAt: new Date() });
      throw new JobFailure(message);
    }
  };
}

async function checkOfJob(
  db: Db,
  jobId: string,
  payload: DriftCheckPayload,
  createdBy: string | null,
): Promise<DriftCheckRow | undefined> {
  const repo = new DriftChecksRepository(db);
  if (payload.checkId) return repo.find(payload.checkId);
  const existing = await repo.findByJob(jobId);
  if (existing) return existing;
  const deployment = await new DeploymentsRepository(db).findDeployment(payload.deploymentId);
  if (!deployment) return undefined;
  return repo.insert({
    orgId: deployment.orgId,
    projectId: deployment.projectId,
    deploymentId: deployment.id,
    trigger: 'schedule',
    options: payload.options,
    jobId,
    createdBy,
  });
}

/** Drift across the dataset, the prediction column and what was skipped, ready to store. */
async function runCheck(
  db: Db,
  storage: BlobStorage,
  scorerFor: ScorerFor,
  settings: DriftCheckSettings,
  check: DriftCheckRow,
  signal: AbortSignal,
) {
  const options = check.options as DriftCheckOptions;
  const deployment = await new DeploymentsRepository(db).findDeployment(check.deploymentId);
  if (!deployment) throw new JobFailure('the deployment was deleted');
  // The version with the largest share answers most traffic: its training data is the reference.
  const route = [...deployment.routes].sort((a, b) => b.weight - a.weight)[0]!;
  const repo = new DriftChecksRepository(db);
  const training = await repo.findTrainingData(route.modelVersionId);
  if (!training) throw new JobFailure('the serving model version was deleted');
  const referenceVersionId = options.referenceDatasetVersionId ?? training.datasetVersionId;
  if (!referenceVersionId) {
    throw new JobFailure(
      'the serving version records no training data (an imported ONNX model); choose referenceDatasetVersionId',
    );
  }
  const found = await new DatasetsRepository(db).findVersion(referenceVersionId);
  if (!found?.version.parquetKey || found.version.status !== 'ready') {
    throw new JobFailure(
      `reference dataset version ${referenceVersionId} is not ready or was deleted`,
    );
  }
  const inputSchema = training.version.inputSchema as ModelInputField[];
  const inputs: DriftInput[] = inputSchema
    .filter((field) => field.kind !== 'text')
    .map((field) => ({ name: field.name, kind: field.kind as DriftInput['kind'] }));
  const skipped = inputSchema
    .filter((field) => field.kind === 'text')
    .map((field) => ({ name: field.name, reason: 'free text is not tested for drift' }));

  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = Math.round(now - mark);
    mark = now;
    return elapsed;
  };
  const reference = await storage.withLocalFile(found.version.parquetKey, (path) =>
    readReferenceSample(path, inputs, settings.referenceMaxRows, settings.duckdb),
  );
  const referenceMs = lap();
  signal.throwIfAborted();
  for (const name of reference.missing) {
    skipped.push({ name, reason: 'not a column of the reference dataset version' });
  }
  const tested = inputs.filter((input) => !reference.missing.includes(input.name));
  const windowEnd = new Date();
  const windowStart = new Date(windowEnd.getTime() - windowMs(options.window));
  const current = await repo.findLoggedPredictions(
    deployment.id,
    { start: windowStart, end: windowEnd },
    settings.currentMaxRows,
  );
  const currentMs = lap();
  signal.throwIfAborted();

  const columnOptions = {
    method: options.method,
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    minSamples: settings.minSamples,
  };
  const dataset = detectDatasetDrift(
    featureColumns(
      tested,
      reference.rows,
      current.map((log) => log.features),
    ),
    { ...columnOptions, driftShare: options.driftShare },
  );
  const statisticsMs = lap();
  const prediction = await predictionDrift(scorerFor, route, tested, reference.rows, current);
  const predictionColumn = prediction.column && detectColumnDrift(prediction.column, columnOptions);
  const report: DriftReport & { reason: string | null } = {
    features: dataset.columns,
    prediction: predictionColumn,
    skipped: prediction.skipped ? [...skipped, prediction.skipped] : skipped,
    timingsMs: {
      reference: referenceMs,
      current: currentMs,
      statistics: statisticsMs,
      prediction: lap(),
    },
    reason: dataset.reason,
  };
  return {
    modelVersionId: route.modelVersionId,
    referenceDatasetVersionId: referenceVersionId,
    windowStart,
    windowEnd,
    referenceRows: reference.rows.length,
    currentRows: current.length,
    driftShare: dataset.share,
    datasetDrift: dataset.drifted,
    report,
  };
}

/**
 * The model's output on the reference sample against what it answered in the window (the same
 * version's answers only): labels for classifiers, values for regressors.
 */
async function predictionDrift(
  scorerFor: ScorerFor,
  route: { modelId: string; modelVersionId: string; version: number },
  inputs: readonly DriftInput[],
  referenceRows: readonly Record<string, unknown>[],
  current: readonly LoggedPrediction[],
): Promise<{ column: DriftColumn | null; skipped?: { name: string; reason: string } }> {
  try {
    const scorer = await scorerFor(route);
    const records = referenceRows.filter((row) => inputs.every((input) => input.name in row));
    const scored = await scorer.score(recordsToTable(scorer.inputs, records));
    const answered = current.filter((log) => log.modelVersionId === route.modelVersionId);
    const kind = scored.values ? 'numeric' : 'categorical';
    const referenceOutput: Iterable<unknown> = scored.values ?? scored.labels ?? [];
    const currentOutput = answered.map((log) =>
      kind === 'numeric' ? log.output['value'] : log.output['label'],
    );
    return {
      column: driftColumnOf({ name: 'prediction', kind }, referenceOutput, currentOutput),
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      column: null,
      skipped: { name: 'prediction', reason: `could not score the reference: ${why}` },
    };
  }
}
