import { z } from 'zod';
import { Id, Text, Timestamp } from './common.js';

export const Email = z
  .email({ error: 'must be an email address such as ada@example.com' })
  .max(254)
  .transform((email) => email.toLowerCase());

/** Length only; the server also rejects common passwords. */
export const Password = z
  .string()
  .min(10, { error: 'must be at least 10 characters' })
  .max(256, { error: 'must be at most 256 characters' });

export const PersonName = Text().trim().min(1).max(100);

export const SetupBody = z.strictObject({ email: Email, password: Password, name: PersonName });
export type SetupBody = z.infer<typeof SetupBody>;

export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof LoginBody>;

export const RegisterBody = z.strictObject({
  email: Email,
  password: Password,
  name: PersonName,
  invitationToken: z.string().min(1).max(200).optional(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  isInstanceAdmin: z.boolean(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

/** The signed-in user; `csrfToken` goes in the `x-csrf-token` header of every write. */
export const Session = z.object({
  user: User,
  csrfToken: z.string(),
  personalOrgId: Id,
});
export type Session = z.infer<typeof Session>;

/** A signed-in browser or client; `current` marks the one making this request. */
export const UserSession = z.object({
  id: Id,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
});
export type UserSession = z.infer<typeof UserSession>;

export const SessionParams = z.strictObject({ sessionId: Id });

export const InstanceInfo = z.object({
  setupRequired: z.boolean().describe('True until the first user (the instance owner) exists.'),
  openRegistration: z.boolean().describe('Anyone may register; otherwise an invitation is needed.'),
  version: z.string(),
});
export type InstanceInfo = z.infer<typeof InstanceInfo>;

export const UpdateInstanceBody = z.strictObject({ openRegistration: z.boolean() });
export type UpdateInstanceBody = z.infer<typeof UpdateInstanceBody>;
