import { and, desc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { ProjectRole } from '@aistudio/contracts';

export type ProjectRow = typeof schema.projects.$inferSelect;

export class ProjectsRepository {
  constructor(private readonly db: Db) {}

  async insertProject(values: {
    orgId: string;
    name: string;
    description: string;
    ownerId: string;
  }) {
    const [row] = await this.db.insert(schema.projects).values(values).returning();
    return row!;
  }

  /** The project with the user's org role and explicit project role (nulls for none). */
  async findProjectWithUserRoles(projectId: string, userId: string | null) {
    const [row] = await this.db
      .select({
        project: schema.projects,
        orgRole: schema.orgMembers.role,
        projectRole: schema.projectMembers.role,
      })
      .from(schema.projects)
      .leftJoin(
        schema.orgMembers,
        and(
          eq(schema.orgMembers.orgId, schema.projects.orgId),
          eq(schema.orgMembers.userId, userId ?? sql`null`),
        ),
      )
      .leftJoin(
        schema.projectMembers,
        and(
          eq(schema.projectMembers.projectId, schema.projects.id),
          eq(schema.projectMembers.userId, userId ?? sql`null`),
        ),
      )
      .where(eq(schema.projects.id, projectId));
    return row;
  }

  /**
   * One page of an org's projects visible to the caller: every project for org admins and keys
   * (or the key's one project), otherwise those the user is a member of.
   */
  findPageVisible(input: {
    orgId: string;
    visibility: { all: true; onlyProjectId?: string | null } | { all: false; userId: string };
    archived: 'exclude' | 'include' | 'only';
    limit: number;
    afterId: string | null;
  }) {
    const p = schema.projects;
    const pm = schema.projectMembers;
    const userId = input.visibility.all ? null : input.visibility.userId;
    const filters: (SQL | undefined)[] = [
      eq(p.orgId, input.orgId),
      input.afterId ? lt(p.id, input.afterId) : undefined,
      input.archived === 'exclude'
        ? isNull(p.archivedAt)
        : input.archived === 'only'
          ? isNotNull(p.archivedAt)
          : undefined,
      input.visibility.all && input.visibility.onlyProjectId
        ? eq(p.id, input.visibility.onlyProjectId)
        : undefined,
      userId ? isNotNull(pm.userId) : undefined,
    ];
    return this.db
      .select({ project: p, projectRole: pm.role })
      .from(p)
      .leftJoin(pm, and(eq(pm.projectId, p.id), eq(pm.userId, userId ?? sql`null`)))
      .where(and(...filters))
      .orderBy(desc(p.id))
      .limit(input.limit + 1);
  }

  async updateProject(projectId: string, values: { name?: string; description?: string }) {
    const [row] = await this.db
      .update(schema.projects)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(schema.projects.id, projectId))
      .returning();
    return row!;
  }

  async setArchived(projectId: string, archived: boolean) {
    const [row] = await this.db
      .update(schema.projects)
      .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
      .where(eq(schema.projects.id, projectId))
      .returning();
    return row!;
  }

  async lockProject(projectId: string) {
    const [row] = await this.db
      .select()
      .from(schema.projects)
      .where(eq(schema.projects.id, projectId))
      .for('update');
    return row;
  }

  async setOwner(projectId: string, ownerId: string) {
    await this.db
      .update(schema.projects)
      .set({ ownerId, updatedAt: new Date() })
      .where(eq(schema.projects.id, projectId));
  }

  /** Inserts or changes a project membership. */
  async upsertMember(projectId: string, userId: string, role: ProjectRole) {
    await this.db
      .insert(schema.projectMembers)
      .values({ projectId, userId, role })
      .onConflictDoUpdate({
        target: [schema.projectMembers.projectId, schema.projectMembers.userId],
        set: { role },
      });
  }

  async deleteMember(projectId: string, userId: string) {
    await this.db
      .delete(schema.projectMembers)
      .where(
        and(
          eq(schema.projectMembers.projectId, projectId),
          eq(schema.projectMembers.userId, userId),
        ),
      );
  }

  findMembersPage(projectId: string, limit: number, afterUserId: string | null) {
    return this.db
      .select({
        id: schema.users.id,
        email: schema.users.email,
        name: schema.users.name,
        role: schema.projectMembers.role,
        addedAt: schema.projectMembers.createdAt,
      })
      .from(schema.projectMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.projectMembers.userId))
      .where(
        and(
          eq(schema.projectMembers.projectId, projectId),
          afterUserId ? lt(schema.users.id, afterUserId) : undefined,
        ),
      )
      .orderBy(desc(schema.users.id))
      .limit(limit + 1);
  }

  async findMember(projectId: string, userId: string) {
    const [row] = await this.db
      .select({
        id: schema.users.id,
        email: schema.users.email,
        name: schema.users.name,
        role: schema.projectMembers.role,
        addedAt: schema.projectMembers.createdAt,
      })
      .from(schema.projectMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.projectMembers.userId))
      .where(
        and(
          eq(schema.projectMembers.projectId, projectId),
          eq(schema.projectMembers.userId, userId),
        ),
      );
    return row;
  }

  async findOrgMemberRole(orgId: string, userId: string) {
    const [row] = await this.db
      .select({ role: schema.orgMembers.role, email: schema.users.email })
      .from(schema.orgMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.orgMembers.userId))
      .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)));
    return row;
  }
}
