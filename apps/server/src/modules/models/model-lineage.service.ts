import type { Lineage, ModelLicense } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import { NotFoundError } from '../../http/errors.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { RunsRepository, type RunRow } from '../runs/runs.repository.js';
import type { ModelVersionsService } from './model-versions.service.js';
import { ModelsRepository, type ModelRow, type ModelVersionRow } from './models.repository.js';

type Node = Lineage['nodes'][number];
type Edge = Lineage['edges'][number];

/** Dataset version → run → model version, walked from either end. */
export class ModelLineageService {
  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
    private readonly versions: ModelVersionsService,
  ) {}

  /** Upstream of a model version: the data it was trained on and the run that trained it. */
  async ofModelVersion(principal: Principal, modelId: string, ref: string): Promise<Lineage> {
    const { model, version } = await this.versions.versionFor(principal, modelId, ref, 'read');
    const graph = new LineageGraph();
    const versionNode = graph.modelVersion(model, version);
    const datasetIds =
      (await new ModelsRepository(this.db).datasetLinks([version.id])).get(version.id) ?? [];
    const run = version.runId
      ? await new RunsRepository(this.db).findRun(version.runId)
      : undefined;
    const runNode = run ? graph.run(run) : null;
    if (runNode) graph.link(runNode, versionNode, 'registered');
    for (const id of datasetIds) {
      const datasetNode = await graph.datasetVersion(this.db, id, model.projectId);
      // The run may have been deleted since: the data still leads straight to the version.
      graph.link(datasetNode, runNode ?? versionNode, 'trained');
    }
    return graph.toJson();
  }

  /** Downstream of a dataset version: the runs trained on it and the model versions they became. */
  async ofDatasetVersion(principal: Principal, datasetVersionId: string): Promise<Lineage> {
    const found = await new DatasetsRepository(this.db).findVersion(datasetVersionId);
    const notFound = `Dataset version ${datasetVersionId} not found.`;
    if (!found) throw new NotFoundError(notFound);
    const projectId = found.version.projectId;
    await this.projects.authorizeProjectResource(principal, projectId, 'model.read', notFound);
    const repo = new ModelsRepository(this.db);
    const graph = new LineageGraph();
    const datasetNode = await graph.datasetVersion(this.db, datasetVersionId, projectId);
    const runs = (await repo.runsTrainedOn(datasetVersionId)).filter(
      (r) => r.projectId === projectId,
    );
    const runNodes = new Map(runs.map((run) => [run.id, graph.run(run)]));
    for (const node of runNodes.values()) graph.link(datasetNode, node, 'trained');
    const versions = [
      ...(await repo.versionsOfRuns([...runNodes.keys()])),
      ...(await repo.versionsTrainedOn(datasetVersionId)),
    ].filter((v) => v.projectId === projectId);
    const models = await repo.findModels([...new Set(versions.map((v) => v.modelId))]);
    for (const version of versions) {
      const versionNode = graph.modelVersion(models.get(version.modelId)!, version);
      const runNode = version.runId ? runNodes.get(version.runId) : undefined;
      if (runNode) graph.link(runNode, versionNode, 'registered');
      else graph.link(datasetNode, versionNode, 'trained');
    }
    return graph.toJson();
  }
}

/** Nodes deduplicated by id, edges by their ends. */
class LineageGraph {
  readonly #nodes = new Map<string, Node>();
  readonly #edges = new Map<string, Edge>();

  #add(node: Node): Node {
    if (!this.#nodes.has(node.id)) this.#nodes.set(node.id, node);
    return this.#nodes.get(node.id)!;
  }

  link(from: Node, to: Node, relation: Edge['relation']): void {
    this.#edges.set(`${from.id}>${to.id}`, { from: from.id, to: to.id, relation });
  }

  modelVersion(model: ModelRow, version: ModelVersionRow): Node {
    const license = version.license as ModelLicense;
    return this.#add({
      id: version.id,
      type: 'model_version',
      label: `${model.name} v${version.number}`,
      projectId: version.projectId,
      status: version.status,
      details: {
        modelId: model.id,
        modelName: model.name,
        version: version.number,
        source: version.source,
        licenseIds: license.licenseIds,
        allowsCommercialUse: license.allowsCommercialUse,
      },
    });
  }

  run(run: RunRow): Node {
    return this.#add({
      id: run.id,
      type: 'run',
      label: run.name,
      projectId: run.projectId,
      status: run.status,
      details: {
        algorithm: run.algorithm,
        target: run.target,
        experimentId: run.experimentId,
        metrics: run.metrics,
      },
    });
  }

  async datasetVersion(db: Db, id: string, projectId: string): Promise<Node> {
    const found = await new DatasetsRepository(db).findVersion(id);
    // A dataset deleted since stays in the graph by id, so the model's history keeps its source.
    if (!found || found.version.projectId !== projectId) {
      return this.#add({
        id,
        type: 'dataset_version',
        label: 'deleted dataset version',
        projectId,
        status: null,
        details: {},
      });
    }
    const { version, dataset } = found;
    return this.#add({
      id,
      type: 'dataset_version',
      label: `${dataset.name} v${version.number}`,
      projectId,
      status: version.status,
      details: {
        datasetId: dataset.id,
        datasetName: dataset.name,
        version: version.number,
        license: version.license,
        licenseTier: version.licenseTier,
      },
    });
  }

  toJson(): Lineage {
    return { nodes: [...this.#nodes.values()], edges: [...this.#edges.values()] };
  }
}
