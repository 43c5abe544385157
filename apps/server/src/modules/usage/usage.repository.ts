import { and, eq, gte, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export interface ProjectCompute {
  projectId: string;
  name: string;
  trainingMs: number;
  runs: number;
  jobMs: number;
  jobs: number;
}

/** Compute used per project of an org in a window, from the runs and jobs that finished in it. */
export class UsageRepository {
  constructor(private readonly db: Db) {}

  async computeByProject(orgId: string, from: Date, to: Date): Promise<ProjectCompute[]> {
    const r = schema.runs;
    const j = schema.jobs;
    const p = schema.projects;
    const runs = await this.db
      .select({
        projectId: r.projectId,
        ms: sql<number>`coalesce(sum(${r.durationMs}), 0)`.mapWith(Number),
        count: sql<number>`count(*)`.mapWith(Number),
      })
      .from(r)
      .where(and(eq(r.orgId, orgId), gte(r.finishedAt, from), lt(r.finishedAt, to)))
      .groupBy(r.projectId);
    // Training jobs are counted through their runs (which add up every resume); the rest by wall time.
    const jobs = await this.db
      .select({
        projectId: j.projectId,
        ms: sql<number>`coalesce(sum(extract(epoch from (${j.finishedAt} - ${j.startedAt})) * 1000), 0)`.mapWith(
          Number,
        ),
        count: sql<number>`count(*)`.mapWith(Number),
      })
      .from(j)
      .where(
        and(
          eq(j.orgId, orgId),
          ne(j.kind, 'run.train'),
          isNotNull(j.startedAt),
          isNotNull(j.projectId),
          gte(j.finishedAt, from),
          lt(j.finishedAt, to),
        ),
      )
      .groupBy(j.projectId);
    const names = await this.db
      .select({ id: p.id, name: p.name })
      .from(p)
      .where(eq(p.orgId, orgId));
    const byProject = new Map<string, ProjectCompute>();
    const entry = (projectId: string) => {
      let e = byProject.get(projectId);
      if (!e) {
        const name = names.find((n) => n.id === projectId)?.name ?? '';
        byProject.set(
          projectId,
          (e = { projectId, name, trainingMs: 0, runs: 0, jobMs: 0, jobs: 0 }),
        );
      }
      return e;
    };
    for (const row of runs)
      Object.assign(entry(row.projectId), { trainingMs: row.ms, runs: row.count });
    for (const row of jobs)
      Object.assign(entry(row.projectId!), { jobMs: row.ms, jobs: row.count });
    return [...byProject.values()];
  }
}
