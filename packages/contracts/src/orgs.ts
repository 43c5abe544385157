import { z } from 'zod';
import { Id, Text, Timestamp } from './common.js';
import { Email } from './auth.js';
import { OrgRole } from './roles.js';

export const OrgName = Text().trim().min(1).max(100);

export const Org = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['personal', 'team']),
  role: OrgRole.describe("The caller's role in this organization."),
  createdAt: Timestamp,
});
export type Org = z.infer<typeof Org>;

export const CreateOrgBody = z.strictObject({ name: OrgName });
export type CreateOrgBody = z.infer<typeof CreateOrgBody>;

export const UpdateOrgBody = z.strictObject({ name: OrgName });
export type UpdateOrgBody = z.infer<typeof UpdateOrgBody>;

export const OrgMember = z.object({
  userId: Id,
  email: z.string(),
  name: z.string(),
  role: OrgRole,
  joinedAt: Timestamp,
});
export type OrgMember = z.infer<typeof OrgMember>;

export const AddOrgMemberBody = z.strictObject({ email: Email, role: OrgRole });
export type AddOrgMemberBody = z.infer<typeof AddOrgMemberBody>;

export const UpdateOrgMemberBody = z.strictObject({ role: OrgRole });
export type UpdateOrgMemberBody = z.infer<typeof UpdateOrgMemberBody>;

export const OrgMemberParams = z.strictObject({ orgId: Id, userId: Id });

export const CreateInvitationBody = z.strictObject({
  email: Email.optional().describe('When set, only this address may accept.'),
  role: OrgRole.exclude(['owner']),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

export const Invitation = z.object({
  id: Id,
  orgId: Id,
  email: z.string().nullable(),
  role: OrgRole,
  expiresAt: Timestamp,
  createdAt: Timestamp,
});
export type Invitation = z.infer<typeof Invitation>;

/** Returned once, at creation: the token is never shown again. */
export const CreatedInvitation = Invitation.extend({
  token: z.string(),
  url: z.string().describe('Link to the registration page carrying the token.'),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationParams = z.strictObject({ orgId: Id, invitationId: Id });

export const AcceptInvitationBody = z.strictObject({ token: z.string().min(1).max(200) });
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;
