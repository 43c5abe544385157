import type { ApiKeyScope } from '@aistudio/contracts';

/** A signed-in user, authenticated by a session cookie. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  name: string;
  email: string;
  isInstanceAdmin: boolean;
  sessionId: string;
  csrfToken: string;
}

/** A caller holding an API key: acts on one organization (optionally one project) within its scopes. */
export interface ApiKeyPrincipal {
  kind: 'apiKey';
  keyId: string;
  name: string;
  orgId: string;
  projectId: string | null;
  scopes: readonly ApiKeyScope[];
  /** The user who created the key; what a key creates is owned by them. */
  createdBy: string;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** Who did something and from where: what the audit log records for every mutation. */
export interface Actor {
  principal: Principal;
  ip: string | null;
  userAgent: string | null;
}

/** The person answerable for a change: the user, or the user who created the API key. */
export function accountableUser(principal: Principal): string {
  return principal.kind === 'user' ? principal.userId : principal.createdBy;
}
