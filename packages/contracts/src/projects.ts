import { z } from 'zod';
import { Id, PageQuery, Text, Timestamp } from './common.js';
import { ProjectRole } from './roles.js';

export const ProjectName = Text().trim().min(1).max(100);

export const Project = z.object({
  id: Id,
  orgId: Id,
  name: z.string(),
  description: z.string(),
  ownerId: Id,
  role: ProjectRole.describe("The caller's effective role in this project."),
  archivedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Project = z.infer<typeof Project>;

export const CreateProjectBody = z.strictObject({
  name: ProjectName,
  description: Text().max(2000).default(''),
});
export type CreateProjectBody = z.infer<typeof CreateProjectBody>;

export const UpdateProjectBody = z
  .strictObject({ name: ProjectName, description: Text().max(2000) })
  .partial()
  .refine((body) => Object.keys(body).length > 0, {
    error: 'send at least one of name, description',
  });
export type UpdateProjectBody = z.infer<typeof UpdateProjectBody>;

export const ListProjectsQuery = PageQuery.extend({
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
});
export type ListProjectsQuery = z.infer<typeof ListProjectsQuery>;

export const TransferProjectBody = z.strictObject({
  userId: Id.describe('An organization member who becomes the project owner.'),
});
export type TransferProjectBody = z.infer<typeof TransferProjectBody>;

export const ProjectMember = z.object({
  userId: Id,
  email: z.string(),
  name: z.string(),
  role: ProjectRole,
  addedAt: Timestamp,
});
export type ProjectMember = z.infer<typeof ProjectMember>;

export const AddProjectMemberBody = z.strictObject({
  userId: Id,
  role: ProjectRole.exclude(['owner']),
});
export type AddProjectMemberBody = z.infer<typeof AddProjectMemberBody>;

export const UpdateProjectMemberBody = z.strictObject({ role: ProjectRole.exclude(['owner']) });
export type UpdateProjectMemberBody = z.infer<typeof UpdateProjectMemberBody>;

export const ProjectMemberParams = z.strictObject({ projectId: Id, userId: Id });
