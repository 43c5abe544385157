import type { Db } from '@aistudio/db';
import type { OrgReadCache } from '../../infra/cache/org-read-cache.js';
import { AuditRepository } from './audit.repository.js';

/** The work of one mutation: its SQL runs on `tx`, and it records its audit event(s) on `audit`. */
export type AuditedWork<T> = (tx: Db, audit: AuditRepository) => Promise<T>;

/**
 * Every mutation runs here: its rows and its audit events commit together or not at all, and once
 * committed, the cached reads of every org it recorded an event for are invalidated.
 */
export class AuditedTransactions {
  constructor(
    private readonly db: Db,
    private readonly cache: OrgReadCache,
  ) {}

  async run<T>(work: AuditedWork<T>): Promise<T> {
    const changedOrgs = new Set<string>();
    const result = await this.db.transaction((tx) =>
      work(
        tx as unknown as Db,
        new AuditRepository(tx as unknown as Db, (orgId) => changedOrgs.add(orgId)),
      ),
    );
    await Promise.all([...changedOrgs].map((orgId) => this.cache.invalidate(orgId)));
    return result;
  }
}
