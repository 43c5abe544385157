import { and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { OrgRole } from '@aistudio/contracts';

export type OrgRow = typeof schema.orgs.$inferSelect;
export type InvitationRow = typeof schema.invitations.$inferSelect;

export class OrgsRepository {
  constructor(private readonly db: Db) {}

  async insertOrg(values: { name: string; kind: 'personal' | 'team' }) {
    const [row] = await this.db.insert(schema.orgs).values(values).returning();
    return row!;
  }

  async insertMember(values: { orgId: string; userId: string; role: OrgRole }) {
    await this.db.insert(schema.orgMembers).values(values);
  }

  /** Creates an org with its first owner. */
  async insertOrgWithOwner(values: { name: string; kind: 'personal' | 'team'; ownerId: string }) {
    const org = await this.insertOrg({ name: values.name, kind: values.kind });
    await this.insertMember({ orgId: org.id, userId: values.ownerId, role: 'owner' });
    return org;
  }

  /** The org with the user's role in it (null when not a member), or undefined when no such org. */
  async findOrgWithUserRole(orgId: string, userId: string | null) {
    const [row] = await this.db
      .select({ org: schema.orgs, role: schema.orgMembers.role })
      .from(schema.orgs)
      .leftJoin(
        schema.orgMembers,
        and(
          eq(schema.orgMembers.orgId, schema.orgs.id),
          eq(schema.orgMembers.userId, userId ?? sql`null`),
        ),
      )
      .where(eq(schema.orgs.id, orgId));
    return row;
  }

  findPageForUser(userId: string, limit: number, afterId: string | null) {
    return this.db
      .select({ org: schema.orgs, role: schema.orgMembers.role })
      .from(schema.orgMembers)
      .innerJoin(schema.orgs, eq(schema.orgs.id, schema.orgMembers.orgId))
      .where(
        and(
          eq(schema.orgMembers.userId, userId),
          afterId ? lt(schema.orgs.id, afterId) : undefined,
        ),
      )
      .orderBy(desc(schema.orgs.id))
      .limit(limit + 1);
  }

  async updateOrgName(orgId: string, name: string) {
    const [row] = await this.db
      .update(schema.orgs)
      .set({ name, updatedAt: new Date() })
      .where(eq(schema.orgs.id, orgId))
      .returning();
    return row!;
  }

  findMembersPage(orgId: string, limit: number, afterUserId: string | null) {
    return this.db
      .select({
        id: schema.users.id,
        email: schema.users.email,
        name: schema.users.name,
        role: schema.orgMembers.role,
        joinedAt: schema.orgMembers.createdAt,
      })
      .from(schema.orgMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.orgMembers.userId))
      .where(
        and(
          eq(schema.orgMembers.orgId, orgId),
          afterUserId ? lt(schema.users.id, afterUserId) : undefined,
        ),
      )
      .orderBy(desc(schema.users.id))
      .limit(limit + 1);
  }

  async findMember(orgId: string, userId: string) {
    const [row] = await this.db
      .select({
        id: schema.users.id,
        email: schema.users.email,
        name: schema.users.name,
        role: schema.orgMembers.role,
        joinedAt: schema.orgMembers.createdAt,
      })
      .from(schema.orgMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.orgMembers.userId))
      .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)));
    return row;
  }

  async updateMemberRole(orgId: string, userId: string, role: OrgRole) {
    await this.db
      .update(schema.orgMembers)
      .set({ role })
      .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)));
  }

  async deleteMember(orgId: string, userId: string) {
    await this.db
      .delete(schema.orgMembers)
      .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)));
  }

  /** Counts owners, locking their rows so two demotions cannot both pass the last-owner check. */
  async countOwnersForUpdate(orgId: string): Promise<number> {
    const rows = await this.db
      .select({ userId: schema.orgMembers.userId })
      .from(schema.orgMembers)
      .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.role, 'owner')))
      .for('update');
    return rows.length;
  }

  async countMembers(orgId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(schema.orgMembers)
      .where(eq(schema.orgMembers.orgId, orgId));
    return row?.n ?? 0;
  }

  async insertInvitation(values: {
    orgId: string;
    email: string | null;
    role: OrgRole;
    tokenHash: string;
    createdBy: string;
    expiresAt: Date;
  }) {
    const [row] = await this.db.insert(schema.invitations).values(values).returning();
    return row!;
  }

  /** Pending invitations: not accepted, not revoked, not expired. */
  findPendingInvitationsPage(orgId: string, limit: number, afterId: string | null) {
    const t = schema.invitations;
    return this.db
      .select()
      .from(t)
      .where(
        and(
          eq(t.orgId, orgId),
          isNull(t.acceptedAt),
          isNull(t.revokedAt),
          sql`${t.expiresAt} > now()`,
          afterId ? lt(t.id, afterId) : undefined,
        ),
      )
      .orderBy(desc(t.id))
      .limit(limit + 1);
  }

  async findInvitation(orgId: string, invitationId: string) {
    const [row] = await this.db
      .select()
      .from(schema.invitations)
      .where(and(eq(schema.invitations.orgId, orgId), eq(schema.invitations.id, invitationId)));
    return row;
  }

  /** Locks the invitation so it can be accepted only once, even by concurrent requests. */
  async findInvitationByTokenHashForUpdate(tokenHash: string) {
    const [row] = await this.db
      .select()
      .from(schema.invitations)
      .where(eq(schema.invitations.tokenHash, tokenHash))
      .for('update');
    return row;
  }

  async markInvitationAccepted(invitationId: string, userId: string) {
    await this.db
      .update(schema.invitations)
      .set({ acceptedAt: new Date(), acceptedBy: userId })
      .where(eq(schema.invitations.id, invitationId));
  }

  async markInvitationRevoked(invitationId: string) {
    await this.db
      .update(schema.invitations)
      .set({ revokedAt: new Date() })
      .where(eq(schema.invitations.id, invitationId));
  }
}
