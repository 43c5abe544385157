import type { OrgRole } from '@aistudio/contracts';

/** Owners and admins manage members, invitations, keys and the audit log. */
export function canManageOrg(role: OrgRole | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

export const orgRoles: OrgRole[] = ['owner', 'admin', 'member', 'viewer'];
export const invitableRoles = ['admin', 'member', 'viewer'] as const;
