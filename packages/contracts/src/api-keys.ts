import { z } from 'zod';
import { Id, Text, Timestamp } from './common.js';
import { ApiKeyScope } from './roles.js';

export const ApiKey = z.object({
  id: Id,
  orgId: Id,
  name: z.string(),
  prefix: z.string().describe('The first characters of the secret, to recognise the key.'),
  scopes: z.array(ApiKeyScope),
  projectId: Id.nullable().describe('When set, the key reaches only this project.'),
  createdBy: Id,
  expiresAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyBody = z.strictObject({
  name: Text().trim().min(1).max(100),
  scopes: z.array(ApiKeyScope).min(1).max(4),
  projectId: Id.optional(),
  expiresAt: Timestamp.optional().describe('Omit for a key that never expires.'),
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** Returned once, at creation: the secret is stored only as a SHA-256 hash. */
export const CreatedApiKey = ApiKey.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const ApiKeyParams = z.strictObject({ keyId: Id });
