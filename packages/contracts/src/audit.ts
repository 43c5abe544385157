import { z } from 'zod';
import { Id, PageQuery, Text, Timestamp } from './common.js';

export const AuditEvent = z.object({
  id: Id,
  orgId: Id,
  projectId: Id.nullable(),
  actorType: z.enum(['user', 'api_key', 'system']),
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  action: z.string().describe('Dotted verb such as `project.create`.'),
  targetType: z.string(),
  targetId: z.string().nullable(),
  summary: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: Timestamp,
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const ListAuditEventsQuery = PageQuery.extend({
  action: Text().max(100).optional(),
  actorId: Id.optional(),
  targetType: Text().max(50).optional(),
  targetId: Text().max(100).optional(),
  projectId: Id.optional(),
  since: Timestamp.optional(),
  until: Timestamp.optional(),
});
export type ListAuditEventsQuery = z.infer<typeof ListAuditEventsQuery>;
