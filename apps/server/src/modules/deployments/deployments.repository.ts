import { and, desc, eq, lt } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type DeploymentRow = typeof schema.deployments.$inferSelect;

const d = schema.deployments;

/** All SQL of deployments. Callers authorize first; every lookup returns the project to check. */
export class DeploymentsRepository {
  constructor(private readonly db: Db) {}

  async insertDeployment(values: typeof d.$inferInsert): Promise<DeploymentRow> {
    const [row] = await this.db.insert(d).values(values).returning();
    return row!;
  }

  async findDeployment(
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<DeploymentRow | undefined> {
    const query = this.db.select().from(d).where(eq(d.id, id));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  /** A page of a project's deployments, newest first. */
  findDeploymentPage(projectId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(d)
      .where(and(eq(d.projectId, projectId), beforeId ? lt(d.id, beforeId) : undefined))
      .orderBy(desc(d.id))
      .limit(limit + 1);
  }

  async updateDeployment(
    id: string,
    values: Pick<
      Partial<typeof d.$inferInsert>,
      'routes' | 'previousRoutes' | 'shadow' | 'logSampleRate'
    >,
  ): Promise<DeploymentRow> {
    const [row] = await this.db
      .update(d)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(d.id, id))
      .returning();
    return row!;
  }

  async deleteDeployment(id: string): Promise<void> {
    await this.db.delete(d).where(eq(d.id, id));
  }
}
