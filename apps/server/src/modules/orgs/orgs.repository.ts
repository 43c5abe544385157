import { and, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
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

  /** Adds a membership; false when the user is already a member (even one added concurrently). */
  async insertMember(values: { orgId: string; userId: string; role: OrgRole }): Promise<boolean> {
    const rows = await this.db
      .insert(schema.orgMembers)
      .values(values)
      .onConflictDoNothing()
      .returning({ userId: schema.orgMembers.userId });
    return rows.length > 0;
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

  async findMember(orgId: string, userId: string, lock = false) {
    const query = this.db
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
    // Locked, a concurrent role change waits, so checks on the role read here stay true.
    const [row] = lock ? await query.for('update', { of: schema.orgMembers }) : await query;
    return row;
  }

  async updateMemberRole(orgId: string, userId: string, role: OrgRole) {
    await this.db
      .update(schema.orgMembers)
      .set({ role })
      .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)));
  }

  /**
   * Removes a member and their project memberships in the org's projects, so a later re-join
   * starts from nothing; projects they owned pass to `heirId`.
   */
  async deleteMember(orgId: string, userId: string, heirId: string) {
    const orgProjects = this.db
      .select({ id: schema.projects.id })
      .from(schema.projects)
      .where(eq(schema.projects.orgId, orgId));
    const owned = await this.db
      .update(schema.projects)
      .set({ ownerId: heirId, updatedAt: new Date() })
      .where(and(eq(schema.projects.orgId, orgId), eq(schema.projects.ownerId, userId)))
      .returning({ id: schema.projects.id });
    await this.db
      .delete(schema.projectMembers)
      .where(
        and(
          eq(schema.projectMembers.userId, userId),
          inArray(schema.projectMembers.projectId, orgProjects),
        ),
      );
    for (const { id } of owned) {
      await this.db
        .insert(schema.projectMembers)
        .values({ projectId: id, userId: heirId, role: 'owner' })
        .onConflictDoUpdate({
          target: [schema.projectMembers.projectId, schema.projectMembers.userId],
          set: { role: 'owner' },
        });
    }
    await this.db
      .delete(schema.orgMembers)
      .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)));
    return { projectsInherited: owned.length };
  }

  async countProjectsOwnedBy(orgId: string, userId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(schema.projects)
      .where(and(eq(schema.projects.orgId, orgId), eq(schema.projects.ownerId, userId)));
    return row?.n ?? 0;
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

  /**
   * Locks the invitation so it can be accepted only once, even by concurrent requests; with its
   * creator's current role in the org (null once they left).
   */
  async findInvitationByTokenHashForUpdate(tokenHash: string) {
    const [row] = await this.db
      .select({ invitation: schema.invitations, creatorRole: schema.orgMembers.role })
      .from(schema.invitations)
      .leftJoin(
        schema.orgMembers,
        and(
          eq(schema.orgMembers.orgId, schema.invitations.orgId),
          eq(schema.orgMembers.userId, schema.invitations.createdBy),
        ),
      )
      .where(eq(schema.invitations.tokenHash, tokenHash))
      .for('update', { of: schema.invitations });
    return row;
  }

  async markInvitationAccepted(invitationId: string, userId: string) {
    await this.db
      .update(schema.invitations)
      .set({ acceptedAt: new Date(), acceptedBy: userId })
      .where(eq(schema.invitations.id, invitationId));
  }

  /** Revokes a pending invitation; false when it was accepted or revoked first. */
  async revokePendingInvitation(orgId: string, invitationId: string): Promise<boolean> {
    const rows = await this.db
      .update(schema.invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(schema.invitations.orgId, orgId),
          eq(schema.invitations.id, invitationId),
          isNull(schema.invitations.acceptedAt),
          isNull(schema.invitations.revokedAt),
        ),
      )
      .returning({ id: schema.invitations.id });
    return rows.length > 0;
  }
}
