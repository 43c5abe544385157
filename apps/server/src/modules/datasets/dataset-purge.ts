import type { Db } from '@aistudio/db';
import type { JobHandler } from '../../infra/queue/job-queue.js';
import { OrgSweepPayload, OrgSweepSchedule } from '../../infra/schedule/org-sweep-schedule.js';
import type { RecurringSchedules } from '../../infra/schedule/recurring-schedules.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { DatasetPurgeRepository } from './dataset-purge.repository.js';

export const DATASET_PURGE_JOB = 'dataset.purge';
/** How often an org with deleted datasets is looked at; the grace period itself is configured. */
export const DATASET_PURGE_SWEEP_MS = 60 * 60 * 1000;
/** Datasets purged per transaction batch of one sweep. */
const BATCH = 20;

/** One recurring purge per org with deleted datasets, ended by the sweep that leaves none waiting. */
export class DatasetPurgeSchedule extends OrgSweepSchedule {
  constructor(schedules: RecurringSchedules, everyMs: number) {
    super(schedules, DATASET_PURGE_JOB, 'datasets:purge', everyMs);
  }
}

/**
 * Hard-deletes an org's datasets deleted longer ago than the grace period: rows, canonical Parquet,
 * and the blobs (raw uploads, masked and SQL results) no remaining version uses. Versions that runs,
 * batch scorings or other datasets' versions cite stay as lineage records (licence, schema,
 * governance, attestation with the file's hash) without their data; the dataset row stays for them.
 * Rows go first, in one transaction per dataset; the files after the commit, so a crash leaves
 * unreferenced files at worst, never a row pointing at nothing.
 */
export class DatasetPurger {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly storage: BlobStorage,
    /** How long a deleted dataset can still be restored from a backup of the rows before its files go. */
    private readonly graceMs: number,
  ) {}

  async purgeOrg(orgId: string, log: (line: string) => void) {
    const cutoff = new Date(Date.now() - this.graceMs);
    let purged = 0;
    for (;;) {
      const due = await new DatasetPurgeRepository(this.db).findDue(orgId, cutoff, BATCH);
      for (const dataset of due) {
        const freed = await this.#purgeDataset(orgId, dataset);
        log(
          `purged "${dataset.name}": ${freed.files} files, ${freed.bytes} bytes freed` +
            (freed.keptVersions ? `, ${freed.keptVersions} versions kept as lineage records` : ''),
        );
        purged += 1;
      }
      if (due.length < BATCH) break;
    }
    return { purged, waiting: await new DatasetPurgeRepository(this.db).countWaiting(orgId) };
  }

  async #purgeDataset(orgId: string, dataset: { id: string; projectId: string; name: string }) {
    const { keys, bytes, keptVersions } = await this.transactions.run(async (tx, audit) => {
      const repo = new DatasetPurgeRepository(tx);
      const versions = await repo.versionsOf(dataset.id);
      const cited = await repo.citedVersionIds(
        dataset.id,
        versions.map((v) => v.id),
      );
      await repo.detachData([...cited]);
      await repo.deleteVersions(versions.filter((v) => !cited.has(v.id)).map((v) => v.id));
      if (cited.size === 0) await repo.deleteDataset(dataset.id);
      else await repo.markPurged(dataset.id);
      const blobIds = [...new Set(versions.flatMap((v) => (v.blobId ? [v.blobId] : [])))];
      const blobs = await repo.deleteUnusedBlobs(blobIds);
      const parquet = versions.flatMap((v) => (v.parquetKey ? [v.parquetKey] : []));
      const total = blobs.reduce((sum, b) => sum + b.sizeBytes, 0);
      await audit.record(null, {
        orgId,
        projectId: dataset.projectId,
        action: 'dataset.purge',
        targetType: 'dataset',
        targetId: dataset.id,
        summary:
          `Purged deleted dataset "${dataset.name}": ${versions.length - cited.size} versions and ` +
          `${blobs.length} uploads removed` +
          (cited.size > 0 ? `, ${cited.size} versions kept as lineage records` : ''),
      });
      return {
        keys: [...parquet, ...blobs.map((b) => b.storageKey)],
        bytes: total,
        keptVersions: cited.size,
      };
    });
    for (const key of keys) await this.storage.delete(key);
    return { files: keys.length, bytes, keptVersions };
  }
}

/** The purge as the job runs it: once nothing waits, the org's schedule ends. */
export function datasetPurgeHandler(
  purger: DatasetPurger,
  schedule: DatasetPurgeSchedule,
): JobHandler {
  return async (job, ctx) => {
    const { orgId } = OrgSweepPayload.parse(job.payload);
    const { purged, waiting } = await purger.purgeOrg(orgId, (line) => ctx.log(line));
    if (purged > 0)
      ctx.log(`${purged} deleted datasets purged; ${waiting} still in their grace period`);
    // Counted again under the schedule's lock: a dataset deleted since keeps it.
    if (waiting === 0) {
      await schedule.endIfIdle(orgId, (tx) => new DatasetPurgeRepository(tx).countWaiting(orgId));
    }
  };
}
