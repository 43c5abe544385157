import type { OrgRole, ProjectRole } from '@aistudio/contracts';
import { ForbiddenError, NotFoundError } from '../http/errors.js';
import type { ApiKeyPrincipal, Principal } from './principal.js';

const orgRank: Record<OrgRole, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };
const projectRank: Record<ProjectRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** The least org role each org-level action needs. */
const orgActions = {
  'org.read': 'viewer',
  'org.update': 'admin',
  'org.members.read': 'viewer',
  'org.members.manage': 'admin',
  'org.invitations.manage': 'admin',
  'org.apiKeys.manage': 'admin',
  'org.audit.read': 'admin',
  'project.create': 'member',
  'project.list': 'viewer',
  'review.manage': 'admin',
  'model.licenseOverride': 'admin',
  'usage.read': 'admin',
} as const satisfies Record<string, OrgRole>;

/** The least project role each project-level action needs. */
const projectActions = {
  'project.read': 'viewer',
  'project.update': 'editor',
  'project.archive': 'owner',
  'project.transfer': 'owner',
  'project.members.read': 'viewer',
  'project.members.manage': 'owner',
  'dataset.read': 'viewer',
  'dataset.write': 'editor',
  'run.read': 'viewer',
  'run.write': 'editor',
  'model.read': 'viewer',
  'model.write': 'editor',
  'deployment.read': 'viewer',
  'deployment.write': 'editor',
  // Sessions need viewer; API keys need the `predict` scope instead (see authorize).
  'deployment.predict': 'viewer',
  // Webhooks send project data to outside URLs and carry signing secrets: owners only.
  'webhook.read': 'owner',
  'webhook.write': 'owner',
  'alert.read': 'viewer',
  'alert.write': 'editor',
} as const satisfies Record<string, ProjectRole>;

export type OrgAction = keyof typeof orgActions;
export type ProjectAction = keyof typeof projectActions;

/** An organization as seen by a user: their membership role, or null when they are not a member. */
export interface OrgResource {
  type: 'org';
  orgId: string;
  userRole: OrgRole | null;
}

/** A project as seen by a user: their org role and their explicit project role, if any. */
export interface ProjectResource {
  type: 'project';
  orgId: string;
  projectId: string;
  userOrgRole: OrgRole | null;
  userProjectRole: ProjectRole | null;
}

export interface InstanceResource {
  type: 'instance';
}

// A key acts with the role its strongest scope implies; `predict` alone grants no role here, and a
// project-restricted key has no org-level role (it may only list, and so find, its project).
function keyOrgRole(key: ApiKeyPrincipal): OrgRole | 'none' {
  if (key.projectId) return 'none';
  if (key.scopes.includes('admin')) return 'admin';
  if (key.scopes.includes('write')) return 'member';
  if (key.scopes.includes('read')) return 'viewer';
  return 'none';
}

function keyProjectRole(key: ApiKeyPrincipal): ProjectRole | 'none' {
  if (key.scopes.includes('admin')) return 'owner';
  if (key.scopes.includes('write')) return 'editor';
  if (key.scopes.includes('read')) return 'viewer';
  return 'none';
}

/** Org owners and admins hold every project of their org; org viewers never exceed viewer. */
export function effectiveProjectRole(
  orgRole: OrgRole | null,
  projectRole: ProjectRole | null,
): ProjectRole | null {
  if (orgRole === null) return null;
  if (orgRole === 'owner' || orgRole === 'admin') return 'owner';
  if (projectRole === null) return null;
  return orgRole === 'viewer' ? 'viewer' : projectRole;
}

/** The caller's role on an org or project, or null when it is not theirs to see at all. */
export function roleOn(principal: Principal, resource: OrgResource): OrgRole | 'none' | null;
export function roleOn(
  principal: Principal,
  resource: ProjectResource,
): ProjectRole | 'none' | null;
export function roleOn(principal: Principal, resource: OrgResource | ProjectResource) {
  if (principal.kind === 'apiKey') {
    if (principal.orgId !== resource.orgId) return null;
    if (resource.type === 'org') return keyOrgRole(principal);
    if (principal.projectId && principal.projectId !== resource.projectId) return null;
    return keyProjectRole(principal);
  }
  if (resource.type === 'org') return resource.userRole;
  return effectiveProjectRole(resource.userOrgRole, resource.userProjectRole);
}

function deny(principal: Principal, needed: string, what: string): never {
  if (principal.kind === 'apiKey') {
    throw new ForbiddenError(
      `This API key's scopes do not allow ${what}; it needs a scope granting ${needed}.`,
    );
  }
  throw new ForbiddenError(`You need the ${needed} role to ${what}.`);
}

/**
 * The one policy every route goes through. A resource the caller cannot see answers 404 (never
 * 403), so ids of other tenants leak nothing; a visible one without the role answers 403.
 */
export function authorize(principal: Principal, action: OrgAction, resource: OrgResource): void;
export function authorize(
  principal: Principal,
  action: ProjectAction,
  resource: ProjectResource,
): void;
export function authorize(
  principal: Principal,
  action: 'instance.manage',
  resource: InstanceResource,
): void;
export function authorize(
  principal: Principal,
  action: OrgAction | ProjectAction | 'instance.manage',
  resource: OrgResource | ProjectResource | InstanceResource,
): void {
  if (resource.type === 'instance') {
    if (principal.kind !== 'user' || !principal.isInstanceAdmin) {
      throw new ForbiddenError('Only the instance administrator may change instance settings.');
    }
    return;
  }
  if (resource.type === 'org') {
    const role = roleOn(principal, resource);
    if (role === null) throw new NotFoundError(`Organization ${resource.orgId} not found.`);
    const restrictedKeyListing =
      action === 'project.list' && principal.kind === 'apiKey' && principal.projectId !== null;
    if (restrictedKeyListing && keyProjectRole(principal) !== 'none') return;
    const needed = orgActions[action as OrgAction];
    if (role === 'none' || orgRank[role] < orgRank[needed])
      deny(principal, `org ${needed}`, action);
    return;
  }
  const role = roleOn(principal, resource);
  if (role === null) throw new NotFoundError(`Project ${resource.projectId} not found.`);
  // Predicting is what `predict` keys are for, and only they may (a read key scores nothing).
  if (action === 'deployment.predict' && principal.kind === 'apiKey') {
    if (!principal.scopes.includes('predict')) deny(principal, 'predict', action);
    return;
  }
  const needed = projectActions[action as ProjectAction];
  if (role === 'none' || projectRank[role] < projectRank[needed])
    deny(principal, `project ${needed}`, action);
}

/** True when `role` is at least `least`; for rules such as "only owners grant ownership". */
export function orgRoleAtLeast(role: OrgRole, least: OrgRole): boolean {
  return orgRank[role] >= orgRank[least];
}
