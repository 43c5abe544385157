import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { ListAuditEventsQuery } from '@aistudio/contracts';
import type { Actor } from '../../auth/principal.js';

export interface AuditEntry {
  orgId: string;
  projectId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  summary: string;
}

export class AuditRepository {
  constructor(
    private readonly db: Db,
    private readonly onRecorded: (orgId: string) => void = () => {},
  ) {}

  /** Appends one event; call it inside the mutation's transaction so both land or neither. */
  async record(actor: Actor | null, entry: AuditEntry) {
    this.onRecorded(entry.orgId);
    const p = actor?.principal;
    await this.db.insert(schema.auditEvents).values({
      orgId: entry.orgId,
      projectId: entry.projectId ?? null,
      actorType: p ? (p.kind === 'user' ? 'user' : 'api_key') : 'system',
      actorId: p ? (p.kind === 'user' ? p.userId : p.keyId) : null,
      actorName: p ? p.name : null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      summary: entry.summary,
      ip: actor?.ip ?? null,
      userAgent: actor?.userAgent?.slice(0, 500) ?? null,
    });
  }

  findPageForOrg(orgId: string, query: ListAuditEventsQuery, afterId: string | null) {
    const t = schema.auditEvents;
    const filters: (SQL | undefined)[] = [
      eq(t.orgId, orgId),
      afterId ? lt(t.id, afterId) : undefined,
      query.action ? eq(t.action, query.action) : undefined,
      query.actorId ? eq(t.actorId, query.actorId) : undefined,
      query.targetType ? eq(t.targetType, query.targetType) : undefined,
      query.targetId ? eq(t.targetId, query.targetId) : undefined,
      query.projectId ? eq(t.projectId, query.projectId) : undefined,
      query.since ? gte(t.createdAt, new Date(query.since)) : undefined,
      query.until ? lte(t.createdAt, new Date(query.until)) : undefined,
    ];
    return this.db
      .select()
      .from(t)
      .where(and(...filters))
      .orderBy(desc(t.id))
      .limit(query.limit + 1);
  }
}
