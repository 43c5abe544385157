import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BatchScoringPayload, type ModelInputField, type ModelLicense } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { TrainedModel } from '@aistudio/engine';
import { JobFailure, type JobHandler, type JobQueue } from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { engineScorer, type Scorer } from '../deployments/model-scorer.js';
import { onnxScorer } from '../deployments/onnx-scorer.js';
import { strictestLicenseId } from '../governance/strictest-license.js';
import { recordDerivedVersion, storeProducedFile } from '../datasets/derived-version.js';
import type { DuckDBLimits } from '../datasets/ingest/index.js';
import { ModelsRepository, type ModelVersionRow } from '../models/models.repository.js';
import { readJson } from '../models/run-registration.js';
import { BatchScoringRepository } from './batch-scoring.repository.js';
import { scoreParquet } from './score-parquet.js';
import { scoringInputs } from './scoring-inputs.js';

export const BATCH_SCORING_JOB = 'model.batch_score';

/** Where batch scoring works and how much it may take. */
export interface BatchScoringSettings {
  /** Scratch space for the output Parquet before it is stored (and DuckDB's spills). */
  readonly scratchDir: string;
  readonly duckdb: Omit<DuckDBLimits, 'tempDirectory'>;
  /** Rows scored per call into the model. */
  readonly rowsPerChunk: number;
}

/**
 * Scores the source version with the model version (ONNX Runtime when the version has an ONNX
 * file, the engine otherwise), stores source columns + predictions as Parquet and records it as
 * the next version of the output dataset, whose ingest then profiles it. Idempotent: a scoring
 * that already has its output is left alone. A cancel stops between chunks and keeps nothing.
 */
export function batchScoringJobHandler(
  db: Db,
  transactions: AuditedTransactions,
  storage: BlobStorage,
  queue: JobQueue,
  settings: BatchScoringSettings,
): JobHandler {
  return async (job, ctx) => {
    const { batchScoringId } = BatchScoringPayload.parse(job.payload);
    const scoring = await new BatchScoringRepository(db).find(batchScoringId);
    if (!scoring || scoring.outputVersionId) return;
    const version = scoring.modelVersionId
      ? await new ModelsRepository(db).findVersion(scoring.modelVersionId)
      : undefined;
    if (!version) throw new JobFailure('the model version was deleted before scoring started');
    const source = await new DatasetsRepository(db).findVersion(scoring.sourceVersionId);
    if (!source?.version.parquetKey || source.version.status !== 'ready') {
      throw new JobFailure('the dataset version is no longer readable (deleted or held)');
    }
    const inputs = scoringInputs(version.inputSchema as ModelInputField[], source.version.schema);
    const scorer = await loadScorer(db, storage, version);
    const scratch = await mkdtemp(path.join(settings.scratchDir, 'score-'));
    const storageKey = `orgs/${scoring.orgId}/batch-scorings/${scoring.id}.parquet`;
    try {
      const outputPath = path.join(scratch, 'scored.parquet');
      const started = performance.now();
      ctx.log(`scoring with ${version.id} (${scorer.kind})`);
      const { rows } = await storage.withLocalFile(source.version.parquetKey, (sourcePath) =>
        scoreParquet({
          sourcePath,
          outputPath,
          inputs,
          scorer: scorer.scorer,
          limits: { ...settings.duckdb, tempDirectory: path.join(scratch, 'duckdb') },
          signal: ctx.signal,
          rowsPerChunk: settings.rowsPerChunk,
        }),
      );
      ctx.log(`scored ${rows} rows in ${Math.round(performance.now() - started)} ms`);
      const file = await storeProducedFile(storage, outputPath, storageKey);
      const license = strictestLicenseId(
        source.version.license,
        (version.license as ModelLicense).licenseIds,
      );
      const recorded = await transactions.run(async (tx, audit) => {
        const derived = await recordDerivedVersion(tx, audit, queue, {
          orgId: scoring.orgId,
          projectId: scoring.projectId,
          datasetName: scoring.outputName,
          description: `Predictions of model version ${scoring.modelVersion} on version ${source.version.number} of "${source.dataset.name}".`,
          source: 'batch_scoring',
          parentVersionId: source.version.id,
          license,
          file: { ...file, fileName: `${scoring.outputName}.parquet` },
          createdBy: scoring.createdBy ?? source.version.createdBy,
        });
        await new BatchScoringRepository(tx).recordOutput(scoring.id, derived.version.id, rows);
        return derived;
      });
      if (!recorded.keepsFile) await storage.delete(storageKey).catch(() => undefined);
      queue.wake();
    } catch (error) {
      await storage.delete(storageKey).catch(() => undefined);
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };
}

async function loadScorer(
  db: Db,
  storage: BlobStorage,
  version: ModelVersionRow,
): Promise<{ scorer: Scorer; kind: string }> {
  const artifacts = await new ModelsRepository(db).artifactsOf([version.id]);
  const onnx = artifacts.find((a) => a.name === 'model.onnx');
  if (onnx) {
    const bytes = await storage.withLocalFile(onnx.storageKey, (file) => readFile(file));
    const scorer = await onnxScorer(bytes, {
      task: version.task,
      inputSchema: version.inputSchema as ModelInputField[],
    });
    return { scorer, kind: 'ONNX Runtime' };
  }
  const json = artifacts.find((a) => a.name === 'model.json');
  if (!json) throw new JobFailure(`model version ${version.number} has no model file`);
  const model = (await readJson(storage, json.storageKey)) as TrainedModel;
  return { scorer: engineScorer(model), kind: 'engine' };
}
