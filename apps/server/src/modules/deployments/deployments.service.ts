import type {
  CreateDeploymentBody,
  Deployment,
  DeploymentRoute,
  DeploymentRouteInput,
  DeploymentShadow,
  DeploymentShadowInput,
  PageQuery,
  UpdateDeploymentBody,
} from '@aistudio/contracts';
import { isUniqueViolation, violatedConstraint, type Db } from '@aistudio/db';
import type { z } from 'zod';
import type { ProjectAction } from '../../auth/policy.js';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { assertLicenseAllows } from '../models/model-license.js';
import { invalid, type ModelsService } from '../models/models.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { DeploymentsRepository, type DeploymentRow } from './deployments.repository.js';
import type { ServingChanges } from './serving-changes.js';
import type { WebhookEvents } from '../webhooks/webhook-events.js';

type RouteInput = z.infer<typeof DeploymentRouteInput>;
type ShadowInput = z.infer<typeof DeploymentShadowInput>;

/** Deployments: which model versions answer an endpoint, in what shares, and the split before. */
export class DeploymentsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly models: ModelsService,
    private readonly changes?: ServingChanges,
    private readonly webhookEvents?: WebhookEvents,
  ) {}

  async create(actor: Actor, projectId: string, body: CreateDeploymentBody): Promise<Deployment> {
    const { project } = await this.projects.authorizeProject(
      actor.principal,
      projectId,
      'deployment.write',
    );
    const routes = await this.#resolveRoutes(actor.principal, projectId, body.routes);
    const shadow = await this.#resolveShadow(actor.principal, projectId, body.shadow);
    const row = await this.transactions
      .run(async (tx, audit) => {
        const created = await new DeploymentsRepository(tx).insertDeployment({
          orgId: project.orgId,
          projectId,
          name: body.name,
          routes,
          shadow: shadow ?? null,
          logSampleRate: body.logging?.sampleRate ?? 1,
          createdBy: accountableUser(actor.principal),
        });
        await audit.record(actor, {
          orgId: project.orgId,
          projectId,
          action: 'deployment.create',
          targetType: 'deployment',
          targetId: created.id,
          summary: `Deployed "${created.name}": ${describeRoutes(routes)}`,
        });
        await this.#announce(tx, created, 'created');
        return created;
      })
      .catch((error: unknown) => {
        throw nameTaken(error, body.name);
      });
    return toDeployment(row);
  }

  async list(principal: Principal, projectId: string, query: PageQuery) {
    await this.projects.authorizeProject(principal, projectId, 'deployment.read');
    const rows = await new DeploymentsRepository(this.db).findDeploymentPage(
      projectId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toDeployment);
  }

  async get(principal: Principal, deploymentId: string): Promise<Deployment> {
    return toDeployment(await this.deploymentFor(principal, deploymentId, 'deployment.read'));
  }

  /** Replaces routes, shadow and/or logging; replaced routes become what rollback restores. */
  async update(
    actor: Actor,
    deploymentId: string,
    body: UpdateDeploymentBody,
  ): Promise<Deployment> {
    const found = await this.deploymentFor(actor.principal, deploymentId, 'deployment.write');
    const routes =
      body.routes && (await this.#resolveRoutes(actor.principal, found.projectId, body.routes));
    const shadow = await this.#resolveShadow(actor.principal, found.projectId, body.shadow);
    const row = await this.transactions.run(async (tx, audit) => {
      const repo = new DeploymentsRepository(tx);
      const current = await repo.findDeployment(found.id, { lock: true });
      if (!current) throw new NotFoundError(`Deployment ${deploymentId} not found.`);
      const updated = await repo.updateDeployment(current.id, {
        ...(routes ? { routes, previousRoutes: current.routes } : {}),
        ...(shadow !== undefined ? { shadow } : {}),
        ...(body.logging ? { logSampleRate: body.logging.sampleRate } : {}),
      });
      const changes = [
        routes && `routes from ${describeRoutes(current.routes)} to ${describeRoutes(routes)}`,
        shadow !== undefined &&
          `shadow to ${shadow ? `version ${shadow.version} of model ${shadow.modelId}` : 'none'}`,
        body.logging && `log sample rate to ${body.logging.sampleRate}`,
      ].filter(Boolean);
      await audit.record(actor, {
        orgId: current.orgId,
        projectId: current.projectId,
        action: 'deployment.update',
        targetType: 'deployment',
        targetId: current.id,
        summary: `Changed "${current.name}": ${changes.join('; ')}`,
      });
      await this.#announce(tx, updated, 'updated');
      return updated;
    });
    await this.changes?.publish({ type: 'deployment', deploymentId: row.id });
    return toDeployment(row);
  }

  /** Restores the routes before the last change in one step (a second rollback undoes it). */
  async rollback(actor: Actor, deploymentId: string): Promise<Deployment> {
    const found = await this.deploymentFor(actor.principal, deploymentId, 'deployment.write');
    return this.#replaceRoutes(
      actor,
      found.id,
      (current) => {
        if (!current.previousRoutes) {
          throw new ConflictError(
            `Deployment "${current.name}" has never changed its routes; there is nothing to roll back to.`,
          );
        }
        return current.previousRoutes;
      },
      'deployment.rollback',
      'Rolled back',
    );
  }

  async delete(actor: Actor, deploymentId: string): Promise<void> {
    const found = await this.deploymentFor(actor.principal, deploymentId, 'deployment.write');
    await this.transactions.run(async (tx, audit) => {
      await new DeploymentsRepository(tx).deleteDeployment(found.id);
      await audit.record(actor, {
        orgId: found.orgId,
        projectId: found.projectId,
        action: 'deployment.delete',
        targetType: 'deployment',
        targetId: found.id,
        summary: `Deleted deployment "${found.name}"`,
      });
      await this.#announce(tx, found, 'deleted');
    });
    await this.changes?.publish({ type: 'deployment', deploymentId: found.id });
  }

  /** The deployment if the principal may do `action` on it; 404 (never 403) when they cannot see it. */
  async deploymentFor(
    principal: Principal,
    deploymentId: string,
    action: ProjectAction,
  ): Promise<DeploymentRow> {
    const row = await new DeploymentsRepository(this.db).findDeployment(deploymentId);
    if (!row) throw new NotFoundError(`Deployment ${deploymentId} not found.`);
    await this.authorize(principal, row, action);
    return row;
  }

  /** Whether the principal may do `action` on the deployment; 404 when they cannot see it. */
  async authorize(principal: Principal, row: DeploymentRow, action: ProjectAction): Promise<void> {
    await this.projects.authorizeProjectResource(
      principal,
      row.projectId,
      action,
      `Deployment ${row.id} not found.`,
    );
  }

  /** Tells webhooks subscribed to `deployment.updated`, inside the change's transaction. */
  async #announce(
    tx: Db,
    row: DeploymentRow,
    action: 'created' | 'updated' | 'rolled_back' | 'deleted',
  ): Promise<void> {
    await this.webhookEvents?.publish(tx, {
      orgId: row.orgId,
      projectId: row.projectId,
      type: 'deployment.updated',
      data: { deploymentId: row.id, name: row.name, action, routes: row.routes },
    });
  }

  async #replaceRoutes(
    actor: Actor,
    deploymentId: string,
    next: (current: DeploymentRow) => DeploymentRoute[],
    action: string,
    verb: string,
  ): Promise<Deployment> {
    const row = await this.transactions.run(async (tx, audit) => {
      const repo = new DeploymentsRepository(tx);
      // Locked: two changes at once must not both keep the same "previous" routes.
      const current = await repo.findDeployment(deploymentId, { lock: true });
      if (!current) throw new NotFoundError(`Deployment ${deploymentId} not found.`);
      const routes = next(current);
      const updated = await repo.updateDeployment(current.id, {
        routes,
        previousRoutes: current.routes,
      });
      await audit.record(actor, {
        orgId: current.orgId,
        projectId: current.projectId,
        action,
        targetType: 'deployment',
        targetId: current.id,
        summary: `${verb} the routes of "${current.name}" from ${describeRoutes(current.routes)} to ${describeRoutes(routes)}`,
      });
      await this.#announce(
        tx,
        updated,
        action === 'deployment.rollback' ? 'rolled_back' : 'updated',
      );
      return updated;
    });
    await this.changes?.publish({ type: 'deployment', deploymentId: row.id });
    return toDeployment(row);
  }

  /** Pins each route to a ready version of a model of this project that its licence lets deploy. */
  async #resolveRoutes(
    principal: Principal,
    projectId: string,
    routes: RouteInput[],
  ): Promise<DeploymentRoute[]> {
    const resolved: DeploymentRoute[] = [];
    for (const [i, route] of routes.entries()) {
      const pinned = await this.#resolveVersion(principal, projectId, route, `routes[${i}]`);
      resolved.push({ ...pinned, weight: route.weight });
    }
    return resolved;
  }

  /** The shadow checked like a route; undefined when not given, null when removed. */
  async #resolveShadow(
    principal: Principal,
    projectId: string,
    shadow: ShadowInput | null | undefined,
  ): Promise<DeploymentShadow | null | undefined> {
    if (!shadow) return shadow;
    return this.#resolveVersion(principal, projectId, shadow, 'shadow');
  }

  async #resolveVersion(
    principal: Principal,
    projectId: string,
    input: ShadowInput,
    field: string,
  ): Promise<DeploymentShadow> {
    const model = await this.models
      .modelFor(principal, input.modelId, 'model.read')
      .catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
    if (!model || model.projectId !== projectId) {
      throw invalid(`${field}.modelId`, 'is not a registered model of this project');
    }
    const ref = String(input.version);
    const version = await this.models.resolveVersion(model, ref).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw invalid(`${field}.version`, error.message);
      throw error;
    });
    if (version.status !== 'ready') {
      throw invalid(
        `${field}.version`,
        `version ${version.number} is ${version.status}; only a ready version can be deployed`,
      );
    }
    assertLicenseAllows(version, 'deploy');
    return { modelId: model.id, modelVersionId: version.id, version: version.number, ref };
  }
}

function describeRoutes(routes: DeploymentRoute[]): string {
  return routes.map((r) => `version ${r.version} of model ${r.modelId} at ${r.weight}%`).join(', ');
}

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    routes: row.routes,
    previousRoutes: row.previousRoutes,
    shadow: row.shadow,
    logging: { sampleRate: row.logSampleRate },
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function nameTaken(error: unknown, name: string): unknown {
  if (isUniqueViolation(error) && violatedConstraint(error) === 'deployments_project_name_key') {
    return new ConflictError(`name: a deployment called "${name}" already exists in this project`, {
      errors: [{ field: 'name', message: 'is taken in this project; choose another name' }],
    });
  }
  return error;
}
