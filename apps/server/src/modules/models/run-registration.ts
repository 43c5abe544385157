import type { ModelInputField } from '@aistudio/contracts';
import type { TrainedModel } from '@aistudio/engine';
import type { Db } from '@aistudio/db';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { MeteredUpload } from '../../infra/storage/upload-meter.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { RunsRepository, type RunArtifactRow, type RunRow } from '../runs/runs.repository.js';
import type { CardDataset } from './model-card.js';
import type { LicensedSource } from './model-license.js';
import { modelArtifactKey } from './model-version-view.js';
import type { ModelRow, ModelVersionRow } from './models.repository.js';
import { invalid } from './models.service.js';

/** The files a version keeps from its run; checkpoints are training state, not the model. */
const KEPT = ['model.json', 'model.onnx', 'evaluation.json'];

/** A succeeded run of the model's project, with what its version records. */
export interface RegistrableRun {
  run: RunRow;
  artifacts: RunArtifactRow[];
  model: TrainedModel;
  evaluation: Record<string, unknown> | null;
  datasets: CardDataset[];
  licensed: LicensedSource[];
  inputs: ModelInputField[];
}

/** Checks that the run can become a version of `model` (422 naming `runId` if not) and reads it. */
export async function readRegistrableRun(
  db: Db,
  storage: BlobStorage,
  model: ModelRow,
  runId: string,
): Promise<RegistrableRun> {
  const runs = new RunsRepository(db);
  let run = await runs.findRun(runId);
  // Another project's (or tenant's) run answers like a missing one: nothing leaks.
  if (!run || run.projectId !== model.projectId) {
    throw invalid('runId', "is not a run of this model's project");
  }
  if (run.kind === 'sweep') {
    // A sweep's model is its best trial's: register that run, so lineage names the real training.
    const best = run.bestRunId ? await runs.findRun(run.bestRunId) : undefined;
    if (!best || run.status !== 'succeeded') {
      throw invalid(
        'runId',
        `sweep "${run.name}" is ${run.status} and has no best trial to register`,
      );
    }
    run = best;
  }
  if (run.status !== 'succeeded') {
    throw invalid(
      'runId',
      `run "${run.name}" is ${run.status}; only a succeeded run can be registered`,
    );
  }
  const artifacts = (await runs.artifactsOf([run.id])).filter((a) => KEPT.includes(a.name));
  const modelFile = artifacts.find((a) => a.name === 'model.json');
  if (!modelFile) throw invalid('runId', `run "${run.name}" has no model file to register`);
  const evaluationFile = artifacts.find((a) => a.name === 'evaluation.json');
  const trained = (await readJson(storage, modelFile.storageKey)) as TrainedModel;
  const evaluation = evaluationFile
    ? ((await readJson(storage, evaluationFile.storageKey)) as Record<string, unknown>)
    : null;

  const found = await new DatasetsRepository(db).findVersion(run.datasetVersionId);
  const datasets: CardDataset[] = found
    ? [{ id: found.version.id, name: found.dataset.name, number: found.version.number }]
    : [{ id: run.datasetVersionId, name: 'deleted dataset', number: 0 }];
  // A dataset deleted since still binds the model; its licence unknown, `other` sends it to a human.
  const licensed: LicensedSource[] = [
    {
      title: found
        ? `${found.dataset.name} (version ${found.version.number})`
        : 'a deleted dataset',
      licenseId: found?.version.license ?? 'other',
    },
  ];
  const inputs = trained.inputs.map((input): ModelInputField => ({
    name: input.name,
    kind: input.kind,
    type: null,
    ...(input.categories ? { categories: [...input.categories] } : {}),
  }));
  return { run, artifacts, model: trained, evaluation, datasets, licensed, inputs };
}

/** Copies the run's files under the version's own keys, so the version outlives the run. */
export async function copyRunArtifacts(
  storage: BlobStorage,
  version: ModelVersionRow,
  artifacts: RunArtifactRow[],
) {
  const copies = [];
  for (const artifact of artifacts) {
    const key = modelArtifactKey(version, artifact.name);
    const metered = new MeteredUpload(
      await storage.read(artifact.storageKey),
      Number.MAX_SAFE_INTEGER,
    );
    const { size } = await storage.write(key, metered);
    copies.push({
      modelVersionId: version.id,
      name: artifact.name,
      storageKey: key,
      contentType: artifact.contentType,
      sizeBytes: size,
      sha256: metered.result().sha256,
    });
  }
  return copies;
}

export async function readJson(storage: BlobStorage, key: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.read(key)) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
