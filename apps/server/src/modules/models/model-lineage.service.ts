import type { Lineage, LineageNode } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import { NotFoundError } from '../../http/errors.js';
import {
  BatchScoringRepository,
  type BatchScoringRow,
} from '../batch-scoring/batch-scoring.repository.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { RunsRepository } from '../runs/runs.repository.js';
import { LineageGraph } from './lineage-graph.js';
import { ModelLineageRepository } from './model-lineage.repository.js';
import type { ModelVersionsService } from './model-versions.service.js';
import { ModelsRepository, type ModelVersionRow } from './models.repository.js';

/**
 * Dataset version → run → model version → deployment, plus the dataset versions batch scoring
 * wrote, walked from either end. Only the project's own rows enter the graph.
 */
export class ModelLineageService {
  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
    private readonly versions: ModelVersionsService,
  ) {}

  /**
   * A model version in context: the data it was trained on and the run that trained it, and
   * downstream the deployments serving it and the dataset versions it scored.
   */
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
    const versionNodes = new Map([[version.id, versionNode]]);
    await this.#addDeployments(graph, model.projectId, versionNodes);
    const scorings = await new BatchScoringRepository(this.db).outputsOfModelVersions(
      model.projectId,
      [version.id],
    );
    await this.#addScorings(graph, model.projectId, scorings, versionNodes);
    return graph.toJson();
  }

  /**
   * A dataset version in context: downstream the runs trained on it, the versions they became and
   * the deployments serving those, and what batch scoring wrote from it; upstream, when batch
   * scoring wrote it, the model version and input that made it.
   */
  async ofDatasetVersion(principal: Principal, datasetVersionId: string): Promise<Lineage> {
    const found = await new DatasetsRepository(this.db).findVersion(datasetVersionId);
    const notFound = `Dataset version ${datasetVersionId} not found.`;
    if (!found) throw new NotFoundError(notFound);
    const projectId = found.version.projectId;
    await this.projects.authorizeProjectResource(principal, projectId, 'model.read', notFound);
    const repo = new ModelsRepository(this.db);
    const scoringRepo = new BatchScoringRepository(this.db);
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
    const versionNodes = await this.#addModelVersions(graph, versions);
    for (const version of versions) {
      const versionNode = versionNodes.get(version.id)!;
      const runNode = version.runId ? runNodes.get(version.runId) : undefined;
      if (runNode) graph.link(runNode, versionNode, 'registered');
      else graph.link(datasetNode, versionNode, 'trained');
    }
    await this.#addDeployments(graph, projectId, versionNodes);
    const madeHere = await scoringRepo.scoringThatWrote(projectId, datasetVersionId);
    const readHere = await scoringRepo.outputsOfSource(projectId, datasetVersionId);
    const scorings = [...(madeHere ? [madeHere] : []), ...readHere];
    await this.#addScorings(graph, projectId, scorings, versionNodes);
    return graph.toJson();
  }

  /** Nodes for versions of the project's models, by version id. */
  async #addModelVersions(
    graph: LineageGraph,
    versions: readonly ModelVersionRow[],
  ): Promise<Map<string, LineageNode>> {
    const models = await new ModelsRepository(this.db).findModels([
      ...new Set(versions.map((v) => v.modelId)),
    ]);
    const nodes = new Map<string, LineageNode>();
    for (const version of versions) {
      const model = models.get(version.modelId);
      if (model) nodes.set(version.id, graph.modelVersion(model, version));
    }
    return nodes;
  }

  /** The project's deployments serving (`serves`) or mirroring (`shadows`) the versions. */
  async #addDeployments(
    graph: LineageGraph,
    projectId: string,
    versionNodes: ReadonlyMap<string, LineageNode>,
  ): Promise<void> {
    const deployments = await new ModelLineageRepository(this.db).deploymentsServing(projectId, [
      ...versionNodes.keys(),
    ]);
    for (const deployment of deployments) {
      const deploymentNode = graph.deployment(deployment);
      for (const route of deployment.routes) {
        const versionNode = versionNodes.get(route.modelVersionId);
        if (versionNode) graph.link(versionNode, deploymentNode, 'serves');
      }
      const shadowNode = deployment.shadow && versionNodes.get(deployment.shadow.modelVersionId);
      // A version both routed to and shadowed keeps `serves`: it answers requests.
      if (shadowNode && !deployment.routes.some((r) => r.modelVersionId === shadowNode.id)) {
        graph.link(shadowNode, deploymentNode, 'shadows');
      }
    }
  }

  /** Each scoring's output, `scored` from its model version and from its input. */
  async #addScorings(
    graph: LineageGraph,
    projectId: string,
    scorings: readonly BatchScoringRow[],
    knownVersions: ReadonlyMap<string, LineageNode> = new Map(),
  ): Promise<void> {
    const repo = new ModelsRepository(this.db);
    for (const scoring of scorings) {
      if (!scoring.outputVersionId) continue;
      const output = await graph.datasetVersion(this.db, scoring.outputVersionId, projectId);
      const input = await graph.datasetVersion(this.db, scoring.sourceVersionId, projectId);
      graph.link(input, output, 'scored');
      // A version deleted since leaves the scoring (modelVersionId null): the output keeps its input.
      const versionId = scoring.modelVersionId;
      let versionNode = versionId ? knownVersions.get(versionId) : undefined;
      if (versionId && !versionNode) {
        const version = await repo.findVersion(versionId);
        if (version?.projectId === projectId) {
          versionNode = (await this.#addModelVersions(graph, [version])).get(version.id);
        }
      }
      if (versionNode) graph.link(versionNode, output, 'scored');
    }
  }
}
