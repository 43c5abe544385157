import { z } from 'zod';

/** Organization roles, strongest first. */
export const OrgRole = z.enum(['owner', 'admin', 'member', 'viewer']);
export type OrgRole = z.infer<typeof OrgRole>;

/** Project roles, strongest first. */
export const ProjectRole = z.enum(['owner', 'editor', 'viewer']);
export type ProjectRole = z.infer<typeof ProjectRole>;

/** What an API key may do: `read` lists and reads, `write` changes projects and their content,
 * `predict` calls serving endpoints, `admin` manages members, keys and the audit log. */
export const ApiKeyScope = z.enum(['read', 'write', 'predict', 'admin']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;
