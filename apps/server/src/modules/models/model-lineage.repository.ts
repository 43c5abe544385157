import { and, asc, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type DeploymentRow = typeof schema.deployments.$inferSelect;

const d = schema.deployments;

/** The SQL lineage needs beyond the registry's own: which deployments serve a version. */
export class ModelLineageRepository {
  constructor(private readonly db: Db) {}

  /** A project's deployments that route traffic to, or shadow, any of the versions. */
  async deploymentsServing(projectId: string, modelVersionIds: string[]): Promise<DeploymentRow[]> {
    if (modelVersionIds.length === 0) return [];
    // Routes are jsonb, so the ids go in as one jsonb array rather than a parameter per id.
    const ids = sql`(select jsonb_array_elements_text(${JSON.stringify(modelVersionIds)}::jsonb))`;
    return this.db
      .select()
      .from(d)
      .where(
        and(
          eq(d.projectId, projectId),
          sql`(exists (select 1 from jsonb_array_elements(${d.routes}) r
                 where r->>'modelVersionId' in ${ids})
               or ${d.shadow}->>'modelVersionId' in ${ids})`,
        ),
      )
      .orderBy(asc(d.id));
  }
}
