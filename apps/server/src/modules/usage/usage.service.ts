import type { OrgUsage, UsageQuery } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { UsageRepository, type ProjectCompute } from './usage.repository.js';

const DAY_MS = 86_400_000;

/** Compute metering for admins: seconds of training and other jobs, per project of an org. */
export class UsageService {
  constructor(
    private readonly db: Db,
    private readonly orgs: OrgsService,
  ) {}

  async orgUsage(principal: Principal, orgId: string, query: UsageQuery): Promise<OrgUsage> {
    await this.orgs.authorizeOrg(principal, orgId, 'usage.read');
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    const rows = await new UsageRepository(this.db).computeByProject(orgId, from, to);
    const projects = rows
      .map((row) => ({ projectId: row.projectId, name: row.name, ...compute(row) }))
      .sort((a, b) => b.computeSeconds - a.computeSeconds);
    const total = compute(
      rows.reduce(
        (sum, row) => ({
          ...sum,
          trainingMs: sum.trainingMs + row.trainingMs,
          runs: sum.runs + row.runs,
          jobMs: sum.jobMs + row.jobMs,
          jobs: sum.jobs + row.jobs,
        }),
        { projectId: '', name: '', trainingMs: 0, runs: 0, jobMs: 0, jobs: 0 },
      ),
    );
    return { from: from.toISOString(), to: to.toISOString(), total, projects };
  }
}

function compute(row: ProjectCompute) {
  const trainingSeconds = row.trainingMs / 1000;
  const jobSeconds = row.jobMs / 1000;
  return {
    computeSeconds: trainingSeconds + jobSeconds,
    trainingSeconds,
    jobSeconds,
    runs: row.runs,
    jobs: row.jobs,
  };
}
