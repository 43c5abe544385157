import type { DatasetValidationRule, ValidationRule, VersionValidation } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors.js';
import { iso } from '../../http/pagination.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { DatasetsRepository, type ValidationRuleRow } from './datasets.repository.js';
import type { DatasetsService } from './datasets.service.js';
import type { DatasetProfile, DuckDBLimits } from './ingest/index.js';
import { scoreQuality } from './ingest/quality-score.js';
import { regexProblem } from './ingest/validation-rules.js';
import { withScratchDuckDB } from './scratch-duckdb.js';
import { validateParquet } from './version-validation.js';

/** Rules per dataset: each costs a scan of the column on every new version. */
const MAX_RULES_PER_DATASET = 100;

/** Validation rules of a dataset, and their evaluation on a version when asked. */
export class ValidationService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly datasets: DatasetsService,
    private readonly storage: BlobStorage,
    private readonly duckdb: DuckDBLimits,
  ) {}

  async listRules(principal: Principal, datasetId: string) {
    await this.datasets.authorizedDataset(principal, datasetId, 'dataset.read');
    const rows = await new DatasetsRepository(this.db).rulesOf(datasetId);
    return { items: rows.map(toRule) };
  }

  /**
   * Attaches a rule. Its column must be in the latest ready version when there is one (a typo
   * caught now, not as a failed rule on the next upload); a pattern must compile as RE2.
   */
  async createRule(
    actor: Actor,
    datasetId: string,
    rule: ValidationRule,
  ): Promise<DatasetValidationRule> {
    const dataset = await this.datasets.authorizedDataset(
      actor.principal,
      datasetId,
      'dataset.write',
    );
    const columns = await this.#latestReadyColumns(datasetId);
    if (columns && !columns.includes(rule.column)) {
      throw ValidationError.field(
        'body.column',
        `no column named "${rule.column}" in the latest ready version`,
      );
    }
    if (rule.kind === 'matches_regex') {
      const problem = await withScratchDuckDB(this.duckdb, (session) =>
        regexProblem(session, rule.pattern),
      );
      if (problem) throw ValidationError.field('body.pattern', problem);
    }
    const row = await this.transactions.run(async (tx, audit) => {
      const repo = new DatasetsRepository(tx);
      // Locked, so two concurrent creations cannot both pass the count.
      await repo.findDataset(dataset.id, { lock: true });
      if ((await repo.rulesOf(dataset.id)).length >= MAX_RULES_PER_DATASET) {
        throw new ConflictError(
          `Dataset ${dataset.id} already has ${MAX_RULES_PER_DATASET} validation rules; delete one first.`,
        );
      }
      const inserted = await repo.insertRule({
        orgId: dataset.orgId,
        projectId: dataset.projectId,
        datasetId: dataset.id,
        rule,
        createdBy: accountableUser(actor.principal),
      });
      await audit.record(actor, {
        orgId: dataset.orgId,
        projectId: dataset.projectId,
        action: 'dataset.validation_rule.create',
        targetType: 'dataset',
        targetId: dataset.id,
        summary: `Added a ${rule.kind} rule on column "${rule.column}" to "${dataset.name}"`,
      });
      return inserted;
    });
    return toRule(row);
  }

  async deleteRule(actor: Actor, datasetId: string, ruleId: string): Promise<void> {
    const dataset = await this.datasets.authorizedDataset(
      actor.principal,
      datasetId,
      'dataset.write',
    );
    await this.transactions.run(async (tx, audit) => {
      const deleted = await new DatasetsRepository(tx).deleteRule(dataset.id, ruleId);
      if (!deleted) throw new NotFoundError(`Validation rule ${ruleId} not found.`);
      const rule = deleted.rule as ValidationRule;
      await audit.record(actor, {
        orgId: dataset.orgId,
        projectId: dataset.projectId,
        action: 'dataset.validation_rule.delete',
        targetType: 'dataset',
        targetId: dataset.id,
        summary: `Removed the ${rule.kind} rule on column "${rule.column}" from "${dataset.name}"`,
      });
    });
  }

  /**
   * Evaluates the dataset's current rules on a ready version and stores the results with it,
   * replacing the earlier ones; the validity part of the quality score follows them.
   */
  async validateVersion(
    actor: Actor,
    datasetId: string,
    number: number,
  ): Promise<VersionValidation> {
    const { dataset, version } = await this.datasets.readyVersion(
      actor.principal,
      datasetId,
      number,
      'dataset.write',
    );
    const rows = await new DatasetsRepository(this.db).rulesOf(datasetId);
    const { report, results } = await this.storage.withLocalFile(version.parquetKey, (file) =>
      withScratchDuckDB(this.duckdb, (session) => validateParquet(session, file, rows, 'manual')),
    );
    const profile = version.profile as DatasetProfile | null;
    const quality =
      profile &&
      scoreQuality(profile.rows, profile.duplicateRows, profile.columns, profile.alerts, results);
    await this.transactions.run(async (tx, audit) => {
      await new DatasetsRepository(tx).storeValidation(version.id, report, quality);
      await audit.record(actor, {
        orgId: dataset.orgId,
        projectId: dataset.projectId,
        action: 'dataset_version.validate',
        targetType: 'dataset_version',
        targetId: version.id,
        summary: `Validated version ${version.number} of "${dataset.name}": ${report.passed} of ${results.length} rules pass`,
      });
    });
    return report;
  }

  /** Column names of the newest ready version, or null when no version is ready yet. */
  async #latestReadyColumns(datasetId: string): Promise<string[] | null> {
    const schema = await new DatasetsRepository(this.db).latestReadySchema(datasetId);
    return schema ? schema.map((column) => column.name) : null;
  }
}

function toRule(row: ValidationRuleRow): DatasetValidationRule {
  return {
    id: row.id,
    datasetId: row.datasetId,
    rule: row.rule as ValidationRule,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
  };
}
