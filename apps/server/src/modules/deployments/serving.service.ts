import { randomUUID } from 'node:crypto';
import type { DeploymentRoute, Prediction, PredictResponse } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Predictions, TrainedModel } from '@aistudio/engine';
import type { Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { ModelsRepository, type ModelVersionRow } from '../models/models.repository.js';
import { readJson } from '../models/run-registration.js';
import { DeploymentsRepository, type DeploymentRow } from './deployments.repository.js';
import type { DeploymentsService } from './deployments.service.js';
import { LruCache } from './lru-cache.js';
import { readScoringInput } from './mlflow-payload.js';
import { engineScorer, type Scorer } from './model-scorer.js';
import { onnxScorer, type OnnxVersion } from './onnx-scorer.js';
import { recordsToModelTable } from './record-validation.js';
import type { ServingChange, ServingChanges } from './serving-changes.js';
import { pickRoute } from './traffic-split.js';

// Engine models are a few kB to a few MB of JSON; 32 keeps every version of a busy project warm.
const CACHED_MODELS = 32;
const CACHED_DEPLOYMENTS = 1_000;
// Change notices keep entries exact; the age limit only bounds staleness if a notice was lost.
const DEPLOYMENT_TTL_MS = 30_000;
// How long "this principal may predict in this project" is reused: a revoked role stops within it.
const AUTHORIZATION_TTL_MS = 1_000;
const CACHED_AUTHORIZATIONS = 10_000; // principals

/** A request once its deployment, route and scorer are known. */
export interface Answering {
  deployment: DeploymentRow;
  route: DeploymentRoute;
  scorer: Scorer;
  predictionId: string;
}

/** What monitoring sees of each request; called before the answer is sent, so it must not block. */
export interface ScoringObserver {
  scored(
    event: Answering & { records: readonly unknown[]; scored: Predictions; latencyMs: number },
  ): void;
  failed(event: Answering & { error: unknown; latencyMs: number }): void;
}

/** A deployment as serving needs it, and which of its routes' versions still exist. */
interface ServingConfig {
  deployment: DeploymentRow;
  liveVersionIds: ReadonlySet<string>;
}

/**
 * Online prediction: picks a route by weight, loads its model lazily, validates and scores.
 * Deployments, authorization decisions and models are cached, so a warm request reads no DB;
 * change notices (ServingChanges) drop stale entries on every replica.
 */
export class ServingService {
  readonly #scorers = new LruCache<Scorer>({ capacity: CACHED_MODELS });
  readonly #configs = new LruCache<ServingConfig>({
    capacity: CACHED_DEPLOYMENTS,
    ttlMs: DEPLOYMENT_TTL_MS,
  });
  /** Principal id → project id → until when its predict authorization is reused. */
  readonly #authorized = new Map<string, Map<string, number>>();

  constructor(
    private readonly db: Db,
    private readonly deployments: DeploymentsService,
    private readonly storage: BlobStorage,
    changes?: ServingChanges,
    private readonly observer?: ScoringObserver,
  ) {
    changes?.listen((change) => this.#forget(change));
  }

  /** `records` scored by the version the traffic split picks, with class probabilities. */
  async predict(
    principal: Principal,
    deploymentId: string,
    records: unknown[],
  ): Promise<PredictResponse> {
    const started = performance.now();
    const answering = await this.#answering(principal, deploymentId);
    const { route, scorer, predictionId } = answering;
    let scored: Predictions;
    try {
      scored = await scorer.score(recordsToModelTable(scorer.inputs, records, recordLabel));
    } catch (error) {
      this.#failed(answering, started, error);
      throw error;
    }
    this.#scored(answering, started, records, scored);
    return {
      predictions: toPredictions(scorer, scored),
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
    const started = performance.now();
    const answering = await this.#answering(principal, deploymentId);
    const { scorer } = answering;
    let scored: Predictions;
    let records: readonly unknown[];
    try {
      const input = readScoringInput(body, format, scorer.inputs);
      records = input.records;
      scored = await scorer.score(recordsToModelTable(scorer.inputs, records, input.rowLabel));
    } catch (error) {
      this.#failed(answering, started, error);
      throw error;
    }
    this.#scored(answering, started, records, scored);
    return { predictions: scored.values ? Array.from(scored.values) : [...scored.labels!] };
  }

  /** A version's scorer (cached); shadow scoring uses it too. */
  scorerFor(route: Pick<DeploymentRoute, 'modelId' | 'modelVersionId' | 'version'>) {
    return this.#scorers.get(route.modelVersionId, () => this.#load(route));
  }

  #scored(
    answering: Answering,
    started: number,
    records: readonly unknown[],
    scored: Predictions,
  ): void {
    if (!this.observer) return;
    const latencyMs = performance.now() - started;
    this.observer.scored({
      deployment: answering.deployment,
      route: answering.route,
      scorer: answering.scorer,
      predictionId: answering.predictionId,
      records,
      scored,
      latencyMs,
    });
  }

  #failed(answering: Answering, started: number, error: unknown): void {
    if (!this.observer) return;
    const latencyMs = performance.now() - started;
    this.observer.failed({
      deployment: answering.deployment,
      route: answering.route,
      scorer: answering.scorer,
      predictionId: answering.predictionId,
      error,
      latencyMs,
    });
  }

  async #answering(principal: Principal, deploymentId: string): Promise<Answering> {
    // Warm requests take the loaded values: no loader closure, no promise to wait a turn for.
    const { deployment, liveVersionIds } =
      this.#configs.peek(deploymentId) ??
      (await this.#configs.get(deploymentId, () => this.#loadConfig(deploymentId)));
    if (!this.#recentlyAuthorized(principal, deployment)) {
      await this.#authorize(principal, deployment);
    }
    const predictionId = randomUUID();
    const route = pickRoute(deployment.routes, predictionId);
    if (!liveVersionIds.has(route.modelVersionId)) {
      throw new ConflictError(
        `Version ${route.version} of model ${route.modelId} no longer exists; change the deployment's routes.`,
      );
    }
    const scorer = this.#scorers.peek(route.modelVersionId) ?? (await this.scorerFor(route));
    return { deployment, route, scorer, predictionId };
  }

  async #loadConfig(deploymentId: string): Promise<ServingConfig> {
    const deployment = await new DeploymentsRepository(this.db).findDeployment(deploymentId);
    if (!deployment) throw new NotFoundError(`Deployment ${deploymentId} not found.`);
    const models = new ModelsRepository(this.db);
    const found = await Promise.all(
      deployment.routes.map((r) => models.findVersion(r.modelVersionId)),
    );
    return {
      deployment,
      liveVersionIds: new Set(found.flatMap((version) => (version ? [version.id] : []))),
    };
  }

  #recentlyAuthorized(principal: Principal, deployment: DeploymentRow): boolean {
    const until = this.#authorized.get(principalIdOf(principal))?.get(deployment.projectId);
    return until !== undefined && until > Date.now();
  }

  /** The project authorization of `deploymentFor`, then reused briefly per principal and project. */
  async #authorize(principal: Principal, deployment: DeploymentRow): Promise<void> {
    await this.deployments.authorize(principal, deployment, 'deployment.predict');
    // Nested maps: a joined string key would be built and hashed anew on every request.
    const principalId = principalIdOf(principal);
    let projects = this.#authorized.get(principalId);
    if (!projects) {
      if (this.#authorized.size >= CACHED_AUTHORIZATIONS) this.#authorized.clear();
      this.#authorized.set(principalId, (projects = new Map()));
    }
    projects.set(deployment.projectId, Date.now() + AUTHORIZATION_TTL_MS);
  }

  #forget(change: ServingChange): void {
    if (change.type === 'deployment') {
      this.#configs.delete(change.deploymentId);
      return;
    }
    const gone = new Set(change.versionIds);
    this.#configs.deleteWhere(({ deployment }) =>
      deployment.routes.some((r) => gone.has(r.modelVersionId)),
    );
    for (const id of gone) this.#scorers.delete(id);
  }

  async #load(
    route: Pick<DeploymentRoute, 'modelId' | 'modelVersionId' | 'version'>,
  ): Promise<Scorer> {
    const models = new ModelsRepository(this.db);
    const version = await models.findVersion(route.modelVersionId);
    if (!version) {
      throw new ConflictError(
        `Version ${route.version} of model ${route.modelId} no longer exists; change the deployment's routes.`,
      );
    }
    const artifacts = await models.artifactsOf([version.id]);
    const file = version.source === 'onnx' ? 'model.onnx' : 'model.json';
    const artifact = artifacts.find((a) => a.name === file);
    if (!artifact) throw new Error(`model version ${version.id} has no ${file}`);
    if (version.source === 'onnx') {
      return onnxScorer(await this.#readBytes(artifact.storageKey), onnxVersion(version));
    }
    return engineScorer((await readJson(this.storage, artifact.storageKey)) as TrainedModel);
  }

  async #readBytes(key: string): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.storage.read(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

function onnxVersion(version: ModelVersionRow): OnnxVersion {
  return { task: version.task, inputSchema: version.inputSchema as OnnxVersion['inputSchema'] };
}

function principalIdOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.userId : principal.keyId;
}

/** Names a record of a predict body in field errors, e.g. `records[2]`. */
function recordLabel(row: number): string {
  return `records[${row}]`;
}

export function toPredictions(scorer: Pick<Scorer, 'classes'>, scored: Predictions): Prediction[] {
  if (scored.values) return Array.from(scored.values, (value) => ({ value }));
  const classes = scorer.classes!;
  const k = classes.length;
  const probabilities = scored.probabilities!;
  return scored.labels!.map((label, i) => {
    // A loop, not Object.fromEntries: no [class, p] pair arrays on every answer.
    const byClass: Record<string, number> = {};
    for (let j = 0; j < k; j++) byClass[classes[j]!] = probabilities[i * k + j]!;
    return { label, probabilities: byClass };
  });
}
