import { Readable } from 'node:stream';
import { z } from 'zod';
import { ImportRunBody, type Run } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { accountableUser, type Actor } from '../../auth/principal.js';
import { UnprocessableError } from '../../http/errors.js';
import { ComputeTaskError, type ComputePool } from '../../infra/compute/compute-pool.js';
import { siblingModule } from '../../infra/compute/spawn-worker.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { DuckDBLimits } from '../datasets/ingest/index.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { RunEventLog } from './run-events.js';
import type { RunImportTaskInput, RunImportTaskResult } from './run-import-task.js';
import { RunsRepository } from './runs.repository.js';
import { toRun, type RunsService } from './runs.service.js';
import { trainingColumns } from './training-columns.js';
import { runArtifactKey } from './training-job.js';

const TASK_MODULE = siblingModule(import.meta.url, 'run-import-task');

/** The envelope of the engine's model JSON; the engine itself checks the rest on the data. */
const ModelEnvelope = z.object({
  format: z.literal('aistudio.model', { error: "must be 'aistudio.model'" }),
  version: z.literal(1, { error: 'must be 1 (the engine reads version 1)' }),
  engineVersion: z.string(),
  algorithm: z.enum(['gbdt', 'forest', 'tree', 'linear', 'mlp']),
  task: z.enum(['binary', 'multiclass', 'regression']),
  target: z.object({
    name: z.string(),
    classes: z.array(z.union([z.string(), z.number(), z.boolean()])).nullable(),
  }),
  inputs: z.array(z.object({ name: z.string(), kind: z.string() })).min(1),
  pipeline: z.unknown(),
  estimator: z.record(z.string(), z.unknown()),
  training: z.object({
    rows: z.number().int().min(0),
    droppedRows: z.number().int().min(0),
    seed: z.number(),
  }),
});
type ModelEnvelope = z.infer<typeof ModelEnvelope>;

export interface RunImportSettings {
  readonly duckdb: DuckDBLimits;
  /** The most the check and evaluation of one imported model may take. */
  readonly timeoutMs: number;
}

/**
 * Records a model trained elsewhere (the browser playground) as a finished run of the project:
 * checked against the dataset version it was trained on, evaluated on the same held-out rows a
 * studio run would use, and stored with the same artifacts (model.json, model.onnx, evaluation).
 */
export class RunImportService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly runs: Pick<RunsService, 'prepare' | 'experimentFor'>,
    private readonly storage: BlobStorage,
    private readonly pool: ComputePool,
    private readonly events: RunEventLog,
    private readonly settings: RunImportSettings,
  ) {}

  async importRun(actor: Actor, projectId: string, input: ImportRunBody): Promise<Run> {
    const body = ImportRunBody.parse(input);
    // Authorized before the model is looked at: an outsider learns nothing, not even a 422.
    await this.projects.authorizeProject(actor.principal, projectId, 'run.write');
    const model = checkEnvelope(body);
    const { project, version, dataset } = await this.runs.prepare(
      actor.principal,
      projectId,
      {
        datasetVersionId: body.datasetVersionId,
        target: body.target,
        features: body.features,
        task: model.task,
        algorithm: body.algorithm,
        params: body.params,
        testFraction: body.testFraction,
        seed: body.seed,
      },
      'run.write',
    );
    const plan = trainingColumns(version.schema, {
      target: body.target,
      features: body.features,
      fairnessColumn: null,
    });
    if (!plan.ok || !version.parquetKey) throw new Error('a ready version has a usable schema');
    const modelJson = JSON.stringify(body.model);
    const result = await this.#evaluate({
      parquetKey: version.parquetKey,
      input: {
        columns: plan.columns,
        spec: { target: body.target, features: plan.features, seed: body.seed },
        testFraction: body.testFraction,
        modelJson,
        duckdb: this.settings.duckdb,
      },
    });

    const userId = accountableUser(actor.principal);
    const written: string[] = [];
    const now = new Date();
    const created = await this.transactions
      .run(async (tx, audit) => {
        const repo = new RunsRepository(tx);
        const experiment = await this.runs.experimentFor(
          repo,
          project.orgId,
          projectId,
          body,
          userId,
        );
        const run = await repo.insertRun({
          orgId: project.orgId,
          projectId,
          experimentId: experiment.id,
          name: body.name ?? `${body.algorithm} on ${dataset.name} v${version.number} (playground)`,
          status: 'succeeded',
          source: 'playground',
          datasetId: dataset.id,
          datasetVersionId: version.id,
          target: body.target,
          features: plan.features,
          task: model.task,
          algorithm: body.algorithm,
          params: body.params,
          testFraction: body.testFraction,
          seed: body.seed,
          tags: body.tags,
          notes: body.notes,
          metrics: result.metrics,
          engineVersion: model.engineVersion,
          startedAt: now,
          finishedAt: now,
          durationMs: body.trainingMs ?? null,
          createdBy: userId,
        });
        const files: [string, string, Uint8Array | null][] = [
          ['model.json', 'application/json', Buffer.from(modelJson)],
          ['evaluation.json', 'application/json', Buffer.from(JSON.stringify(result.evaluation))],
          ['model.onnx', 'application/octet-stream', result.onnx],
        ];
        for (const [name, contentType, bytes] of files) {
          if (!bytes) continue;
          const key = runArtifactKey(run, name);
          written.push(key);
          const { size } = await this.storage.write(key, Readable.from([bytes]));
          await repo.upsertArtifact({
            runId: run.id,
            name,
            storageKey: key,
            contentType,
            sizeBytes: size,
          });
        }
        await repo.appendMetrics(
          run.id,
          body.curves.flatMap((curve) =>
            curve.steps.map((step, i) => ({ name: curve.name, step, value: curve.values[i]! })),
          ),
        );
        await this.events.append(
          run.id,
          [
            { type: 'metrics', metrics: result.metrics },
            { type: 'state', status: 'succeeded', error: null },
          ],
          tx,
        );
        await audit.record(actor, {
          orgId: project.orgId,
          projectId,
          action: 'run.import',
          targetType: 'run',
          targetId: run.id,
          summary: `Imported run "${run.name}" from the playground (${run.algorithm}, target ${run.target}, dataset version ${version.id})`,
        });
        return run;
      })
      .catch(async (error: unknown) => {
        // Nothing partial: files of a run that was not recorded go too.
        await Promise.all(written.map((key) => this.storage.delete(key).catch(() => undefined)));
        throw error;
      });
    await this.events.announce(created.id);
    return toRun(created, await new RunsRepository(this.db).artifactsOf([created.id]));
  }

  async #evaluate(job: {
    parquetKey: string;
    input: Omit<RunImportTaskInput, 'parquetPath'>;
  }): Promise<RunImportTaskResult> {
    try {
      return await this.storage.withLocalFile(job.parquetKey, (parquetPath) =>
        this.pool.run<RunImportTaskInput, never, RunImportTaskResult>(
          TASK_MODULE,
          { ...job.input, parquetPath },
          { signal: AbortSignal.timeout(this.settings.timeoutMs) },
        ),
      );
    } catch (error) {
      if (error instanceof ComputeTaskError && error.kind === 'input') {
        throw invalid('model', error.message);
      }
      if (
        error instanceof ComputeTaskError &&
        (error.kind === 'aborted' || error.kind === 'crashed')
      ) {
        throw invalid(
          'model',
          `could not be evaluated within ${this.settings.timeoutMs / 1000} s and the compute limits (${error.message})`,
        );
      }
      throw error;
    }
  }
}

/** The model's own description must agree with the request that names its data. */
function checkEnvelope(body: z.infer<typeof ImportRunBody>): ModelEnvelope {
  const parsed = ModelEnvelope.safeParse(body.model);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['model', ...issue.path.map(String)].join('.');
    throw invalid(field, `${issue.message}; send the engine's model JSON unchanged`);
  }
  const model = parsed.data;
  if (model.target.name !== body.target) {
    throw invalid('model.target.name', `is "${model.target.name}" but target is "${body.target}"`);
  }
  if (model.algorithm !== body.algorithm) {
    throw invalid(
      'model.algorithm',
      `is "${model.algorithm}" but algorithm is "${body.algorithm}"`,
    );
  }
  const inputs = new Set(model.inputs.map((field) => field.name));
  const features = new Set(body.features);
  const missing = [...inputs].filter((name) => !features.has(name));
  const unused = body.features.filter((name) => !inputs.has(name));
  if (missing.length > 0 || unused.length > 0) {
    throw invalid(
      'features',
      `must be the model's inputs (${[...inputs].join(', ')})${missing.length ? `; missing ${missing.join(', ')}` : ''}${unused.length ? `; the model does not read ${unused.join(', ')}` : ''}`,
    );
  }
  return model;
}

function invalid(field: string, message: string): UnprocessableError {
  return new UnprocessableError(`${field}: ${message}`, [{ field, message }]);
}
