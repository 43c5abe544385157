import type { JobLogLine, JobLogQuery } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import { NotFoundError } from '../../http/errors.js';
import { JobsRepository } from '../../infra/queue/jobs.repository.js';
import type { ProjectsService } from '../projects/projects.service.js';

/** What users may read of background jobs: a job belongs to its project, its log with it. */
export class JobsService {
  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
  ) {}

  /**
   * A page of a job's log, oldest line first. `nextCursor` is the last line's seq (or the cursor
   * given, when no line is new), so a client following a running job polls with it for more.
   */
  async logs(
    principal: Principal,
    jobId: string,
    query: JobLogQuery,
  ): Promise<{ items: JobLogLine[]; nextCursor: string }> {
    const repo = new JobsRepository(this.db);
    const job = await repo.findJob(jobId);
    const notFound = `Job ${jobId} not found.`;
    // Jobs without a project are the instance's own; no user reads them here.
    if (!job?.projectId) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(
      principal,
      job.projectId,
      'project.read',
      notFound,
    );
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    const rows = await repo.findLogPage(job.id, after, query.limit);
    return {
      items: rows.map((row) => ({ ...row, at: row.at.toISOString() })),
      nextCursor: String(rows.at(-1)?.seq ?? after),
    };
  }
}
