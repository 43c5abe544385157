import { randomUUID } from 'node:crypto';
import type { DeploymentRoute, Prediction, PredictResponse } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { predict, type Predictions, type TrainedModel } from '@aistudio/engine';
import type { Principal } from '../../auth/principal.js';
import { ConflictError } from '../../http/errors.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { ModelsRepository } from '../models/models.repository.js';
import { readJson } from '../models/run-registration.js';
import type { DeploymentsService } from './deployments.service.js';
import { readScoringInput } from './mlflow-payload.js';
import { ModelCache } from './model-cache.js';
import { recordsToModelTable } from './record-validation.js';
import { pickRoute } from './traffic-split.js';

// Engine models are a few kB to a few MB of JSON; 32 keeps every version of a busy project warm.
const CACHED_MODELS = 32;

/** Online prediction: picks a route by weight, loads its model lazily, validates and scores. */
export class ServingService {
  readonly #models = new ModelCache<TrainedModel>(CACHED_MODELS);

  constructor(
    private readonly db: Db,
    private readonly deployments: DeploymentsService,
    private readonly storage: BlobStorage,
  ) {}

  /** `records` scored by the version the traffic split picks, with class probabilities. */
  async predict(
    principal: Principal,
    deploymentId: string,
    records: unknown[],
  ): Promise<PredictResponse> {
    const { route, model, predictionId } = await this.#answering(principal, deploymentId);
    const table = recordsToModelTable(model.inputs, records, (row) => `records[${row}]`);
    return {
      predictions: toPredictions(model, predict(model, table)),
      modelVersion: { id: route.modelVersionId, modelId: route.modelId, version: route.version },
      predictionId,
    };
  }

  /** MLflow's scoring protocol: one label (classifiers) or value (regressors) per row. */
  async invoke(
    principal: Principal,
    deploymentId: string,
    body: unknown,
    format: 'json' | 'csv',
  ): Promise<{ predictions: (string | number)[] }> {
    const { model } = await this.#answering(principal, deploymentId);
    const input = readScoringInput(body, format, model.inputs);
    const scored = predict(model, recordsToModelTable(model.inputs, input.records, input.rowLabel));
    return { predictions: scored.values ? Array.from(scored.values) : [...scored.labels!] };
  }

  async #answering(principal: Principal, deploymentId: string) {
    const deployment = await this.deployments.deploymentFor(
      principal,
      deploymentId,
      'deployment.predict',
    );
    const predictionId = randomUUID();
    const route = pickRoute(deployment.routes, predictionId);
    // Checked on every request, not only on a cache miss: a deleted model must stop answering at once.
    if (!(await new ModelsRepository(this.db).findVersion(route.modelVersionId))) {
      throw new ConflictError(
        `Version ${route.version} of model ${route.modelId} no longer exists; change the deployment's routes.`,
      );
    }
    const model = await this.#models.get(route.modelVersionId, () => this.#load(route));
    return { route, model, predictionId };
  }

  async #load(route: DeploymentRoute): Promise<TrainedModel> {
    const artifact = (await new ModelsRepository(this.db).artifactsOf([route.modelVersionId])).find(
      (a) => a.name === 'model.json',
    );
    if (!artifact) throw new Error(`model version ${route.modelVersionId} has no model.json`);
    return (await readJson(this.storage, artifact.storageKey)) as TrainedModel;
  }
}

function toPredictions(model: TrainedModel, scored: Predictions): Prediction[] {
  if (scored.values) return Array.from(scored.values, (value) => ({ value }));
  const classes = model.target.classes!.map(String);
  const k = classes.length;
  return scored.labels!.map((label, i) => ({
    label,
    probabilities: Object.fromEntries(
      classes.map((c, j) => [c, scored.probabilities![i * k + j]!]),
    ),
  }));
}
