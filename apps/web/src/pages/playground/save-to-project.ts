import type { Dataset, DatasetVersion, ModelVersion, Run } from '@aistudio/contracts';
import type { TrainedModel } from '@aistudio/engine';
import { unwrap } from '@aistudio/sdk';
import { api } from '../../api/client';
import { uploadDataset } from '../../api/dataset-upload';
import type { LossCurve } from './use-browser-training';

/** What "save to a project" sends: the data file, the trained model and how it was trained. */
export interface SaveToProjectRequest {
  readonly projectId: string;
  /** The data's SPDX licence (or `user-owned` / `other`), as the dataset upload requires. */
  readonly license: string;
  /** The version of the attestation statement the user accepted. */
  readonly attestation: number;
  /** The table the model learned from, as the file it was read from. */
  readonly file: File;
  /** The dataset's name when the project does not hold this data yet. */
  readonly datasetName: string;
  readonly model: TrainedModel;
  readonly params: Readonly<Record<string, number | string | boolean | number[]>>;
  readonly testFraction: number;
  readonly seed: number;
  readonly curve: LossCurve;
  readonly trainingMs: number | null;
  readonly runName: string;
  /** Also registers the model under this name; null keeps the run only. */
  readonly modelName: string | null;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
}

export type SaveStep = 'data' | 'ingest' | 'run' | 'model';

export interface SavedToProject {
  readonly run: Run;
  readonly version: DatasetVersion;
  /** The project already held these bytes as a ready version: nothing was uploaded. */
  readonly reusedData: boolean;
  readonly modelVersion: ModelVersion | null;
}

const POLL_MS = 300;
const INGEST_TIMEOUT_MS = 120_000;

/**
 * Saves a browser-trained run into a project as a real run: its data becomes (or reuses) a
 * dataset version, the server checks and evaluates the model on it, and the model can then be
 * registered from the run, so the registry shows model → run → dataset version lineage.
 */
export async function saveToProject(
  request: SaveToProjectRequest,
  onStep: (step: SaveStep) => void,
): Promise<SavedToProject> {
  onStep('data');
  const { version, reused } = await datasetVersionFor(request);
  onStep('ingest');
  const ready = reused ? version : await untilIngested(version.id);
  onStep('run');
  const { model } = request;
  const run = await unwrap(
    api.POST('/api/v1/projects/{projectId}/runs/import', {
      params: { path: { projectId: request.projectId } },
      body: {
        datasetVersionId: ready.id,
        target: model.target.name,
        features: model.inputs.map((input) => input.name),
        algorithm: model.algorithm,
        params: { ...request.params },
        testFraction: request.testFraction,
        seed: request.seed,
        model: model as unknown as Record<string, unknown>,
        curves: curvesOf(request.curve),
        ...(request.trainingMs !== null ? { trainingMs: Math.round(request.trainingMs) } : {}),
        name: request.runName,
        tags: { ...request.tags },
      },
    }),
  );
  if (request.modelName === null)
    return { run, version: ready, reusedData: reused, modelVersion: null };
  onStep('model');
  const registered = await unwrap(
    api.POST('/api/v1/projects/{projectId}/models', {
      params: { path: { projectId: request.projectId } },
      body: { name: request.modelName },
    }),
  );
  const modelVersion = await unwrap(
    api.POST('/api/v1/models/{modelId}/versions', {
      params: { path: { modelId: registered.id } },
      body: { runId: run.id, description: request.description, tags: { ...request.tags } },
    }),
  );
  return { run, version: ready, reusedData: reused, modelVersion };
}

/** The project's ready version of these exact bytes, or a fresh upload of them. */
async function datasetVersionFor(
  request: SaveToProjectRequest,
): Promise<{ version: DatasetVersion; reused: boolean }> {
  const [sha256, datasets] = await Promise.all([
    sha256Of(request.file),
    projectDatasets(request.projectId),
  ]);
  const same = datasets.find(
    (d) => d.latestVersion?.status === 'ready' && hexOf(d.latestVersion.sha256) === sha256,
  );
  if (sha256 && same) return { version: same.latestVersion!, reused: true };
  // Same name, other bytes (an edited file): the upload becomes that dataset's next version.
  const named = datasets.find((d) => d.name === request.datasetName);
  const accepted = await uploadDataset(
    named ? { datasetId: named.id } : { projectId: request.projectId },
    {
      file: request.file,
      license: request.license,
      attestation: request.attestation,
      ...(named ? {} : { name: request.datasetName, description: request.description }),
    },
    { onProgress: () => undefined },
  );
  return { version: accepted.version, reused: false };
}

async function projectDatasets(projectId: string): Promise<Dataset[]> {
  const all: Dataset[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET('/api/v1/projects/{projectId}/datasets', {
        params: { path: { projectId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    );
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

async function untilIngested(versionId: string): Promise<DatasetVersion> {
  const deadline = Date.now() + INGEST_TIMEOUT_MS;
  for (;;) {
    const version = await unwrap(
      api.GET('/api/v1/dataset-versions/{versionId}', { params: { path: { versionId } } }),
    );
    if (version.status === 'ready') return version;
    if (version.status === 'review') {
      throw new Error(
        `The data was uploaded and waits for an admin's review (licence ${version.license}); save the run again once it is approved.`,
      );
    }
    if (version.status !== 'processing') {
      throw new Error(`The data was ${version.status}: ${version.error ?? 'see the dataset page'}`);
    }
    if (Date.now() > deadline) {
      throw new Error('The data is still being ingested; save again in a minute.');
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The loss curves as the server stores them: finite points only (NaN means not computed). */
function curvesOf(curve: LossCurve) {
  return (
    [
      ['train_loss', curve.train],
      ['valid_loss', curve.valid],
    ] as const
  ).flatMap(([name, values]) => {
    const steps: number[] = [];
    const kept: number[] = [];
    values.forEach((value, i) => {
      if (Number.isFinite(value)) {
        steps.push(curve.iteration[i]!);
        kept.push(value);
      }
    });
    return steps.length > 0 ? [{ name, steps, values: kept }] : [];
  });
}

/** Hex SHA-256 of the file; null where Web Crypto is missing (a page served over plain HTTP). */
async function sha256Of(file: File): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function hexOf(sha256: string | null): string | null {
  return sha256 ? sha256.replace(/^sha256:/i, '').toLowerCase() : null;
}
