import type { Lineage, LineageNode, LineageRelation, ModelLicense } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import type { RunRow } from '../runs/runs.repository.js';
import type { DeploymentRow } from './model-lineage.repository.js';
import type { ModelRow, ModelVersionRow } from './models.repository.js';

/** A lineage graph being built: nodes deduplicated by id, edges by their ends. */
export class LineageGraph {
  readonly #nodes = new Map<string, LineageNode>();
  readonly #edges = new Map<string, Lineage['edges'][number]>();

  #add(node: LineageNode): LineageNode {
    if (!this.#nodes.has(node.id)) this.#nodes.set(node.id, node);
    return this.#nodes.get(node.id)!;
  }

  has(id: string): boolean {
    return this.#nodes.has(id);
  }

  link(from: LineageNode, to: LineageNode, relation: LineageRelation): void {
    this.#edges.set(`${from.id}>${to.id}`, { from: from.id, to: to.id, relation });
  }

  modelVersion(model: ModelRow, version: ModelVersionRow): LineageNode {
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

  run(run: RunRow): LineageNode {
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

  deployment(deployment: DeploymentRow): LineageNode {
    const { shadow } = deployment;
    return this.#add({
      id: deployment.id,
      type: 'deployment',
      label: deployment.name,
      projectId: deployment.projectId,
      // A deployment has no lifecycle of its own: it serves its routes from creation to deletion.
      status: null,
      details: {
        routes: deployment.routes.map((r) => ({
          modelId: r.modelId,
          modelVersionId: r.modelVersionId,
          version: r.version,
          weight: r.weight,
        })),
        shadow: shadow
          ? {
              modelId: shadow.modelId,
              modelVersionId: shadow.modelVersionId,
              version: shadow.version,
            }
          : null,
      },
    });
  }

  async datasetVersion(db: Db, id: string, projectId: string): Promise<LineageNode> {
    const known = this.#nodes.get(id);
    if (known) return known;
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
        source: version.source,
        license: version.license,
        licenseTier: version.licenseTier,
      },
    });
  }

  toJson(): Lineage {
    return { nodes: [...this.#nodes.values()], edges: [...this.#edges.values()] };
  }
}
