import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const UsageQuery = z
  .strictObject({
    from: Timestamp.optional().describe(
      'Start of the window (inclusive); default 30 days before `to`.',
    ),
    to: Timestamp.optional().describe('End of the window (exclusive); default now.'),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, {
    error: 'from must be before to',
    path: ['from'],
  });
export type UsageQuery = z.infer<typeof UsageQuery>;

const Compute = z.object({
  computeSeconds: z.number().describe('Training plus other job seconds.'),
  trainingSeconds: z
    .number()
    .describe('Seconds runs spent training in a compute thread (one core each), across resumes.'),
  jobSeconds: z.number().describe('Seconds of the other background jobs (ingest, validation…).'),
  runs: z.number().int(),
  jobs: z.number().int(),
});

export const OrgUsage = z.object({
  from: Timestamp,
  to: Timestamp,
  total: Compute,
  projects: z.array(Compute.extend({ projectId: Id, name: z.string() })),
});
export type OrgUsage = z.infer<typeof OrgUsage>;
