import type {
  CreateModelBody,
  ListModelsQuery,
  PageQuery,
  RegisteredModel,
  UpdateModelBody,
} from '@aistudio/contracts';
import { CreateModelBody as CreateModelSchema } from '@aistudio/contracts';
import { isUniqueViolation, violatedConstraint, type Db } from '@aistudio/db';
import type { ProjectAction } from '../../auth/policy.js';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../http/errors.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { ModelsRepository, type ModelRow, type ModelVersionRow } from './models.repository.js';
import type { WebhookEvents } from '../webhooks/webhook-events.js';

const NUMBER = /^\d+$/;

/** Registered models and their aliases; versions live in ModelVersionsService. */
export class ModelsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly storage: BlobStorage,
    /** Told the ids of deleted versions after the deletion commits (serving drops them). */
    private readonly onVersionsDeleted: (versionIds: string[]) => Promise<void> = async () => {},
    private readonly webhookEvents?: WebhookEvents,
  ) {}

  async create(actor: Actor, projectId: string, input: CreateModelBody): Promise<RegisteredModel> {
    const body = CreateModelSchema.parse(input);
    const { project } = await this.projects.authorizeProject(
      actor.principal,
      projectId,
      'model.write',
    );
    const row = await this.transactions
      .run(async (tx, audit) => {
        const created = await new ModelsRepository(tx).insertModel({
          orgId: project.orgId,
          projectId,
          name: body.name,
          description: body.description,
          tags: body.tags,
          createdBy: accountableUser(actor.principal),
        });
        await audit.record(actor, {
          orgId: project.orgId,
          projectId,
          action: 'model.create',
          targetType: 'model',
          targetId: created.id,
          summary: `Registered model "${created.name}"`,
        });
        return created;
      })
      .catch((error: unknown) => {
        throw nameTaken(error, body.name);
      });
    return this.#view(row);
  }

  async list(principal: Principal, projectId: string, query: ListModelsQuery) {
    await this.projects.authorizeProject(principal, projectId, 'model.read');
    const repo = new ModelsRepository(this.db);
    const rows = await repo.findModelPage(
      projectId,
      query.limit,
      decodeCursor(query.cursor),
      query.search || undefined,
    );
    const page = rows.slice(0, query.limit);
    const latest = await repo.latestNumbers(page.map((r) => r.id));
    const aliases = await repo.aliasesOf(page.map((r) => r.id));
    return toPage(rows, query.limit, (row) =>
      toModel(
        row,
        latest.get(row.id) ?? null,
        aliases.filter((a) => a.modelId === row.id),
      ),
    );
  }

  async get(principal: Principal, modelId: string): Promise<RegisteredModel> {
    return this.#view(await this.modelFor(principal, modelId, 'model.read'));
  }

  async update(actor: Actor, modelId: string, body: UpdateModelBody): Promise<RegisteredModel> {
    const model = await this.modelFor(actor.principal, modelId, 'model.write');
    const row = await this.transactions
      .run(async (tx, audit) => {
        const updated = await new ModelsRepository(tx).updateModel(model.id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.tags !== undefined ? { tags: body.tags } : {}),
        });
        await audit.record(actor, {
          orgId: model.orgId,
          projectId: model.projectId,
          action: 'model.update',
          targetType: 'model',
          targetId: model.id,
          summary: `Updated model "${updated.name}" (${Object.keys(body).join(', ')})`,
        });
        return updated;
      })
      .catch((error: unknown) => {
        throw nameTaken(error, body.name ?? model.name);
      });
    return this.#view(row);
  }

  /** Deletes the model, its versions, aliases and history, then its files. */
  async delete(actor: Actor, modelId: string): Promise<void> {
    const model = await this.modelFor(actor.principal, modelId, 'model.write');
    const artifacts = await new ModelsRepository(this.db).artifactsOfModel(model.id);
    await this.transactions.run(async (tx, audit) => {
      await new ModelsRepository(tx).deleteModel(model.id);
      await audit.record(actor, {
        orgId: model.orgId,
        projectId: model.projectId,
        action: 'model.delete',
        targetType: 'model',
        targetId: model.id,
        summary: `Deleted model "${model.name}" and its ${artifacts.length} files`,
      });
    });
    await this.onVersionsDeleted([...new Set(artifacts.map((a) => a.modelVersionId))]);
    // After commit: a failure leaves orphaned files, never a version without its files.
    await Promise.all(artifacts.map((a) => this.storage.delete(a.storageKey)));
  }

  /** Points `alias` at a ready version; each move is appended to the alias's history. */
  async setAlias(actor: Actor, modelId: string, alias: string, number: number) {
    const model = await this.modelFor(actor.principal, modelId, 'model.write');
    return this.transactions.run(async (tx, audit) => {
      const repo = new ModelsRepository(tx);
      await repo.findModel(model.id, { lock: true }); // one alias move at a time per model
      const target = await repo.findVersionByNumber(model.id, number);
      if (!target) throw invalid('version', `model "${model.name}" has no version ${number}`);
      if (target.status !== 'ready') {
        throw invalid(
          'version',
          `version ${number} is ${target.status}; point aliases at ready versions`,
        );
      }
      const current = await repo.findVersionByAlias(model.id, alias);
      if (current?.id !== target.id) {
        await repo.upsertAlias({
          modelId: model.id,
          alias,
          orgId: model.orgId,
          modelVersionId: target.id,
          updatedBy: accountableUser(actor.principal),
        });
        await repo.appendAliasEvent({
          orgId: model.orgId,
          modelId: model.id,
          alias,
          fromVersion: current?.number ?? null,
          toVersion: number,
          ...actorColumns(actor.principal),
        });
        await audit.record(actor, {
          orgId: model.orgId,
          projectId: model.projectId,
          action: 'model.alias.set',
          targetType: 'model',
          targetId: model.id,
          summary: `Pointed alias "${alias}" of "${model.name}" at version ${number}${current ? ` (was ${current.number})` : ''}`,
        });
        await this.#announceAlias(tx, model, alias, current?.number ?? null, number);
      }
      const row = await repo.findAlias(model.id, alias);
      return { alias, version: number, updatedAt: iso(row!.updatedAt) };
    });
  }

  async deleteAlias(actor: Actor, modelId: string, alias: string): Promise<void> {
    const model = await this.modelFor(actor.principal, modelId, 'model.write');
    await this.transactions.run(async (tx, audit) => {
      const repo = new ModelsRepository(tx);
      await repo.findModel(model.id, { lock: true });
      const current = await repo.findVersionByAlias(model.id, alias);
      if (!current) throw new NotFoundError(`Model "${model.name}" has no alias "${alias}".`);
      await repo.deleteAlias(model.id, alias);
      await repo.appendAliasEvent({
        orgId: model.orgId,
        modelId: model.id,
        alias,
        fromVersion: current.number,
        toVersion: null,
        ...actorColumns(actor.principal),
      });
      await audit.record(actor, {
        orgId: model.orgId,
        projectId: model.projectId,
        action: 'model.alias.delete',
        targetType: 'model',
        targetId: model.id,
        summary: `Removed alias "${alias}" of "${model.name}" (was version ${current.number})`,
      });
      await this.#announceAlias(tx, model, alias, current.number, null);
    });
  }

  /** `model_version_alias.updated` for webhooks (toVersion null: removed), in the change's transaction. */
  async #announceAlias(
    tx: Db,
    model: ModelRow,
    alias: string,
    fromVersion: number | null,
    toVersion: number | null,
  ): Promise<void> {
    await this.webhookEvents?.publish(tx, {
      orgId: model.orgId,
      projectId: model.projectId,
      type: 'model_version_alias.updated',
      data: { modelId: model.id, modelName: model.name, alias, fromVersion, toVersion },
    });
  }

  async aliasHistory(principal: Principal, modelId: string, alias: string, query: PageQuery) {
    const model = await this.modelFor(principal, modelId, 'model.read');
    const rows = await new ModelsRepository(this.db).aliasHistory(
      model.id,
      alias,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, (row) => ({
      id: row.id,
      alias: row.alias,
      fromVersion: row.fromVersion,
      toVersion: row.toVersion,
      actor: { type: row.actorType, id: row.actorId, name: row.actorName },
      at: iso(row.at),
    }));
  }

  /** The model if the principal may do `action` on it; 404 (never 403) when they cannot see it. */
  async modelFor(principal: Principal, modelId: string, action: ProjectAction): Promise<ModelRow> {
    const model = await new ModelsRepository(this.db).findModel(modelId);
    const notFound = `Model ${modelId} not found.`;
    if (!model) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(principal, model.projectId, action, notFound);
    return model;
  }

  /** A version by number (`3`) or alias (`champion`), wherever a version is accepted. */
  async resolveVersion(model: ModelRow, ref: string): Promise<ModelVersionRow> {
    const repo = new ModelsRepository(this.db);
    const version = NUMBER.test(ref)
      ? await repo.findVersionByNumber(model.id, Number(ref))
      : await repo.findVersionByAlias(model.id, ref);
    if (!version) {
      throw new NotFoundError(
        NUMBER.test(ref)
          ? `Model "${model.name}" has no version ${ref}.`
          : `Model "${model.name}" has no alias "${ref}".`,
      );
    }
    return version;
  }

  async #view(row: ModelRow): Promise<RegisteredModel> {
    const repo = new ModelsRepository(this.db);
    const latest = await repo.latestNumbers([row.id]);
    return toModel(row, latest.get(row.id) ?? null, await repo.aliasesOf([row.id]));
  }
}

function toModel(
  row: ModelRow,
  latestVersion: number | null,
  aliases: { alias: string; number: number }[],
): RegisteredModel {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    tags: row.tags,
    latestVersion,
    aliases: Object.fromEntries(aliases.map((a) => [a.alias, a.number])),
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function actorColumns(principal: Principal) {
  return principal.kind === 'user'
    ? { actorType: 'user' as const, actorId: principal.userId, actorName: principal.name }
    : { actorType: 'api_key' as const, actorId: principal.keyId, actorName: principal.name };
}

export function invalid(field: string, message: string): UnprocessableError {
  return new UnprocessableError(`${field}: ${message}`, [{ field, message }]);
}

function nameTaken(error: unknown, name: string): unknown {
  if (
    isUniqueViolation(error) &&
    violatedConstraint(error) === 'registered_models_project_name_key'
  ) {
    return new ConflictError(`name: a model called "${name}" already exists in this project`, {
      errors: [{ field: 'name', message: 'is taken in this project; choose another name' }],
    });
  }
  return error;
}
