import type { AuditEvent, ListAuditEventsQuery } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { AuditRepository } from './audit.repository.js';

export class AuditService {
  private readonly audit: AuditRepository;

  constructor(
    db: Db,
    private readonly orgs: OrgsService,
  ) {
    this.audit = new AuditRepository(db);
  }

  async list(principal: Principal, orgId: string, query: ListAuditEventsQuery) {
    await this.orgs.authorizeOrg(principal, orgId, 'org.audit.read');
    const rows = await this.audit.findPageForOrg(orgId, query, decodeCursor(query.cursor));
    return toPage(rows, query.limit, toAuditEvent);
  }
}

function toAuditEvent(
  row: Awaited<ReturnType<AuditRepository['findPageForOrg']>>[number],
): AuditEvent {
  return {
    id: row.id,
    orgId: row.orgId,
    projectId: row.projectId,
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    summary: row.summary,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: iso(row.createdAt),
  };
}
