import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import {
  CreateModelVersionBody,
  Task,
  type ModelInputField,
  type ModelLicense,
  type ModelVersion,
  type PageQuery,
  type UpdateModelVersionBody,
} from '@aistudio/contracts';
import type { Db, schema } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { receiveUpload } from '../datasets/upload.js';
import { FrontMatterError, readFrontMatter } from '../governance/front-matter.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { buildBrowserBundle, bundleFacts } from './export-bundle.js';
import { generateModelCard, type CardDataset, type CardFacts } from './model-card.js';
import { assertLicenseAllows, inheritLicense } from './model-license.js';
import { toModelVersion, type StoredOverride } from './model-version-view.js';
import { ModelsRepository, type ModelRow, type ModelVersionRow } from './models.repository.js';
import { invalid, type ModelsService } from './models.service.js';
import { inspectOnnx } from './onnx-inspection.js';
import { applyInputOverrides, parseOnnxUploadFields } from './onnx-upload.js';
import { copyRunArtifacts, readRegistrableRun } from './run-registration.js';
import type { WebhookEvents } from '../webhooks/webhook-events.js';

/** A version's columns, its training data and evaluation, and (for uploads) its one file. */
interface NewVersion extends Omit<
  typeof schema.modelVersions.$inferInsert,
  'orgId' | 'projectId' | 'modelId' | 'number' | 'card'
> {
  /** The training data, recorded for lineage and named in the card. */
  datasets: CardDataset[];
  evaluation: CardFacts['evaluation'];
  /** How the audit event describes where the version came from. */
  summary: string;
  artifact?: Omit<typeof schema.modelVersionArtifacts.$inferInsert, 'modelVersionId'>;
}

/** Versions of registered models: from runs or ONNX uploads, their cards, exports and licences. */
export class ModelVersionsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly models: ModelsService,
    private readonly orgs: OrgsService,
    private readonly storage: BlobStorage,
    private readonly maxUploadBytes: number,
    private readonly webhookEvents?: WebhookEvents,
  ) {}

  /**
   * Registers a succeeded run as the next version: records its data, metrics, parameters and
   * input schema, inherits its data's licence, then copies its files (pending until they are).
   */
  async createFromRun(
    actor: Actor,
    modelId: string,
    input: CreateModelVersionBody,
  ): Promise<ModelVersion> {
    const body = CreateModelVersionBody.parse(input);
    const model = await this.models.modelFor(actor.principal, modelId, 'model.write');
    const source = await readRegistrableRun(this.db, this.storage, model, body.runId);
    const license = inheritLicense(source.licensed);
    const { run, model: trained } = source;
    const pending = await this.#insert(actor, model, {
      source: 'run',
      runId: run.id,
      task: trained.task,
      algorithm: run.algorithm,
      target: run.target,
      metrics: run.metrics,
      params: run.params,
      inputSchema: source.inputs,
      engineVersion: trained.engineVersion,
      license,
      description: body.description,
      tags: body.tags,
      datasets: source.datasets,
      evaluation: source.evaluation as CardFacts['evaluation'],
      summary: `from run "${run.name}"`,
    });
    let final: ModelVersionRow;
    try {
      const copies = await copyRunArtifacts(this.storage, pending, source.artifacts);
      final = await this.transactions.run(async (tx) => {
        const repo = new ModelsRepository(tx);
        for (const copy of copies) await repo.insertArtifact(copy);
        return repo.updateVersion(pending.id, { status: 'ready' });
      });
    } catch (error) {
      await new ModelsRepository(this.db).updateVersion(pending.id, {
        status: 'failed',
        error: "the run's files could not be copied; register the run again",
      });
      throw error;
    }
    return this.#view(final);
  }

  /** Registers an ONNX file trained elsewhere; refused (422) unless ONNX Runtime can load it. */
  async createFromOnnx(
    actor: Actor,
    modelId: string,
    request: FastifyRequest,
  ): Promise<ModelVersion> {
    const model = await this.models.modelFor(actor.principal, modelId, 'model.write');
    const { fields, file } = await receiveUpload(request, this.storage, {
      orgId: model.orgId,
      maxBytes: this.maxUploadBytes,
    });
    let kept = false;
    try {
      const upload = parseOnnxUploadFields(fields);
      const inspection = await this.storage.withLocalFile(file.storageKey, inspectOnnx);
      const inputs = applyInputOverrides(inspection.inputs, upload.inputSchema);
      const task = Task.safeParse(inspection.metadata.task);
      const license = inheritLicense([
        {
          title: `${model.name} (uploaded ONNX file ${file.fileName})`,
          licenseId: upload.licenseId,
        },
      ]);
      const version = await this.#insert(actor, model, {
        source: 'onnx',
        runId: null,
        status: 'ready',
        task: task.success ? task.data : null,
        target: inspection.metadata.target ?? null,
        inputSchema: inputs,
        engineVersion: inspection.metadata.engine_version ?? null,
        license,
        description: upload.description,
        tags: upload.tags,
        datasets: [],
        evaluation: null,
        summary: `from an uploaded ONNX file (${file.fileName}, ${file.sizeBytes} bytes)`,
        artifact: {
          name: 'model.onnx',
          storageKey: file.storageKey,
          contentType: 'application/octet-stream',
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
        },
      });
      kept = true;
      return await this.#view(version);
    } finally {
      if (!kept) await this.storage.delete(file.storageKey).catch(() => undefined);
    }
  }

  async list(principal: Principal, modelId: string, query: PageQuery) {
    const model = await this.models.modelFor(principal, modelId, 'model.read');
    const rows = await new ModelsRepository(this.db).findVersionPage(
      model.id,
      query.limit,
      decodeCursor(query.cursor),
    );
    const views = await this.#views(rows.slice(0, query.limit));
    return toPage(rows, query.limit, (row) => views.get(row.id)!);
  }

  async get(principal: Principal, modelId: string, ref: string): Promise<ModelVersion> {
    const { version } = await this.versionFor(principal, modelId, ref, 'read');
    return this.#view(version);
  }

  async update(
    actor: Actor,
    modelId: string,
    ref: string,
    body: UpdateModelVersionBody,
  ): Promise<ModelVersion> {
    const { model, version } = await this.versionFor(actor.principal, modelId, ref, 'write');
    const row = await this.transactions.run(async (tx, audit) => {
      const updated = await new ModelsRepository(tx).updateVersion(version.id, {
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.tags !== undefined ? { tags: body.tags } : {}),
      });
      await audit.record(actor, {
        orgId: model.orgId,
        projectId: model.projectId,
        action: 'model_version.update',
        targetType: 'model_version',
        targetId: version.id,
        summary: `Updated version ${version.number} of "${model.name}" (${Object.keys(body).join(', ')})`,
      });
      return updated;
    });
    return this.#view(row);
  }

  async card(principal: Principal, modelId: string, ref: string) {
    const { model, version } = await this.versionFor(principal, modelId, ref, 'read');
    return {
      model,
      version,
      markdown: version.card,
      updatedAt: version.cardUpdatedAt?.toISOString() ?? null,
    };
  }

  /** Replaces the card; its front matter must stay readable YAML (Hugging Face reads it). */
  async updateCard(actor: Actor, modelId: string, ref: string, markdown: string) {
    const { model, version } = await this.versionFor(actor.principal, modelId, ref, 'write');
    try {
      readFrontMatter(markdown, 'the card');
    } catch (error) {
      if (error instanceof FrontMatterError) throw invalid('markdown', error.message);
      throw error;
    }
    const row = await this.transactions.run(async (tx, audit) => {
      const updated = await new ModelsRepository(tx).updateVersion(version.id, {
        card: markdown,
        cardUpdatedAt: new Date(),
      });
      await audit.record(actor, {
        orgId: model.orgId,
        projectId: model.projectId,
        action: 'model_version.card.update',
        targetType: 'model_version',
        targetId: version.id,
        summary: `Edited the card of version ${version.number} of "${model.name}"`,
      });
      return updated;
    });
    return { markdown: row.card, updatedAt: row.cardUpdatedAt?.toISOString() ?? null };
  }

  /** The engine JSON or ONNX file, if the version is ready and its licence allows export. */
  async download(
    principal: Principal,
    modelId: string,
    ref: string,
    format: 'json' | 'onnx' | 'bundle',
  ): Promise<{ body: Readable; fileName: string; contentType: string; sizeBytes: number }> {
    const { model, version } = await this.versionFor(principal, modelId, ref, 'read');
    if (version.status !== 'ready') {
      throw new ConflictError(
        `Version ${version.number} is ${version.status}; only a ready version can be exported.`,
      );
    }
    assertLicenseAllows(version, 'export');
    const name = format === 'json' ? 'model.json' : 'model.onnx';
    const artifact = (await new ModelsRepository(this.db).artifactsOf([version.id])).find(
      (a) => a.name === name,
    );
    if (!artifact) {
      throw new NotFoundError(
        format === 'json'
          ? `Version ${version.number} was uploaded as ONNX and has no engine JSON; use format=onnx.`
          : `Version ${version.number} has no ONNX file: its preprocessing has a step ONNX cannot express; use format=json.`,
      );
    }
    const slug =
      model.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'model';
    if (format === 'bundle') {
      const bundle = await this.storage.withLocalFile(artifact.storageKey, async (file) => {
        const onnx = await readFile(file);
        return buildBrowserBundle(onnx, bundleFacts(model.name, version, onnx));
      });
      return {
        body: Readable.from([bundle]),
        fileName: `${slug}-v${version.number}-browser.zip`,
        contentType: 'application/zip',
        sizeBytes: bundle.byteLength,
      };
    }
    return {
      body: await this.storage.read(artifact.storageKey),
      fileName: `${slug}-v${version.number}.${format}`,
      contentType: artifact.contentType,
      sizeBytes: artifact.sizeBytes,
    };
  }

  /** An org admin allows export and deployment despite the licence; the reason is kept and audited. */
  async overrideLicense(
    actor: Actor,
    modelId: string,
    ref: string,
    reason: string,
  ): Promise<ModelVersion> {
    const { model, version } = await this.versionFor(actor.principal, modelId, ref, 'read');
    await this.orgs.authorizeOrg(actor.principal, model.orgId, 'model.licenseOverride');
    const override: StoredOverride = {
      reason,
      by: accountableUser(actor.principal),
      byName: actor.principal.name,
      at: new Date().toISOString(),
    };
    const license = version.license as ModelLicense;
    const row = await this.transactions.run(async (tx, audit) => {
      const updated = await new ModelsRepository(tx).updateVersion(version.id, {
        licenseOverride: override,
      });
      await audit.record(actor, {
        orgId: model.orgId,
        projectId: model.projectId,
        action: 'model_version.license_override',
        targetType: 'model_version',
        targetId: version.id,
        summary: `Overrode the licence restrictions (${license.licenseIds.join(', ')}) of version ${version.number} of "${model.name}": ${reason}`,
      });
      return updated;
    });
    return this.#view(row);
  }

  /** The model and one of its versions (by number or alias), authorized for reading or writing. */
  async versionFor(principal: Principal, modelId: string, ref: string, access: 'read' | 'write') {
    const model = await this.models.modelFor(
      principal,
      modelId,
      access === 'read' ? 'model.read' : 'model.write',
    );
    return { model, version: await this.models.resolveVersion(model, ref) };
  }

  /** Inserts the next version of `model` (numbered under the model's lock) with its card, and audits it. */
  async #insert(actor: Actor, model: ModelRow, input: NewVersion): Promise<ModelVersionRow> {
    return this.transactions.run(async (tx, audit) => {
      const repo = new ModelsRepository(tx);
      await repo.findModel(model.id, { lock: true });
      const number = await repo.nextVersionNumber(model.id);
      const { datasets, evaluation, summary, artifact, ...values } = input;
      const version = await repo.insertVersion({
        ...values,
        card: generateModelCard({
          modelName: model.name,
          version: number,
          description: values.description ?? '',
          // The card's tags are the model's and the version's together.
          tags: { ...model.tags, ...values.tags },
          source: values.source,
          task: values.task ?? null,
          algorithm: values.algorithm ?? null,
          target: values.target ?? null,
          metrics: values.metrics ?? {},
          inputs: values.inputSchema as ModelInputField[],
          license: values.license as ModelLicense,
          datasets,
          engineVersion: values.engineVersion ?? null,
          evaluation,
        }),
        orgId: model.orgId,
        projectId: model.projectId,
        modelId: model.id,
        number,
        createdBy: accountableUser(actor.principal),
      });
      await repo.insertDatasetLinks(
        model.orgId,
        version.id,
        datasets.map((d) => d.id),
      );
      if (artifact) await repo.insertArtifact({ ...artifact, modelVersionId: version.id });
      await audit.record(actor, {
        orgId: model.orgId,
        projectId: model.projectId,
        action: 'model_version.create',
        targetType: 'model_version',
        targetId: version.id,
        summary: `Registered version ${number} of "${model.name}" ${summary}`,
      });
      await this.webhookEvents?.publish(tx, {
        orgId: model.orgId,
        projectId: model.projectId,
        type: 'model_version.created',
        data: {
          modelId: model.id,
          modelName: model.name,
          versionId: version.id,
          version: number,
          source: version.source,
          status: version.status,
        },
      });
      return version;
    });
  }

  async #view(row: ModelVersionRow): Promise<ModelVersion> {
    return (await this.#views([row])).get(row.id)!;
  }

  async #views(rows: ModelVersionRow[]): Promise<Map<string, ModelVersion>> {
    const repo = new ModelsRepository(this.db);
    const ids = rows.map((r) => r.id);
    const [links, artifacts, aliases] = await Promise.all([
      repo.datasetLinks(ids),
      repo.artifactsOf(ids),
      repo.aliasesOf([...new Set(rows.map((r) => r.modelId))]),
    ]);
    return new Map(
      rows.map((row) => [
        row.id,
        toModelVersion(row, {
          datasetVersionIds: links.get(row.id) ?? [],
          aliases: aliases.filter((a) => a.versionId === row.id).map((a) => a.alias),
          artifacts: artifacts.filter((a) => a.modelVersionId === row.id),
        }),
      ]),
    );
  }
}
