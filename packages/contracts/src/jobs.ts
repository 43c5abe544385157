import { z } from 'zod';
import { Timestamp } from './common.js';

export const JobLogLevel = z.enum(['info', 'warn', 'error']);
export type JobLogLevel = z.infer<typeof JobLogLevel>;

/** One line a background job logged; `seq` orders a job's lines from 1. */
export const JobLogLine = z.object({
  seq: z.number().int(),
  at: Timestamp,
  level: JobLogLevel,
  message: z.string(),
});
export type JobLogLine = z.infer<typeof JobLogLine>;

/** A job's log is read forward: oldest line first, `cursor` = the last `seq` already read. */
export const JobLogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, { error: 'must be the seq of a line already read' })
    .optional(),
});
export type JobLogQuery = z.infer<typeof JobLogQuery>;
