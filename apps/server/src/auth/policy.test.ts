import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../http/errors.js';
import { authorize, effectiveProjectRole } from './policy.js';
import type { ApiKeyPrincipal, UserPrincipal } from './principal.js';

const user: UserPrincipal = {
  kind: 'user',
  userId: 'u1',
  name: 'U',
  email: 'u@example.com',
  isInstanceAdmin: false,
  sessionId: 's',
  csrfToken: 'c',
};
const key = (
  scopes: ApiKeyPrincipal['scopes'],
  projectId: string | null = null,
): ApiKeyPrincipal => ({
  kind: 'apiKey',
  keyId: 'k1',
  name: 'k',
  orgId: 'o1',
  projectId,
  scopes,
  createdBy: 'u1',
});
const project = {
  type: 'project' as const,
  orgId: 'o1',
  projectId: 'p1',
  userOrgRole: null,
  userProjectRole: null,
};

describe('authorize', () => {
  it('hides an org the user is not a member of (404), and forbids a weaker role (403)', () => {
    expect(() => authorize(user, 'org.read', { type: 'org', orgId: 'o1', userRole: null })).toThrow(
      NotFoundError,
    );
    expect(() =>
      authorize(user, 'org.audit.read', { type: 'org', orgId: 'o1', userRole: 'member' }),
    ).toThrow(ForbiddenError);
    expect(() =>
      authorize(user, 'org.audit.read', { type: 'org', orgId: 'o1', userRole: 'admin' }),
    ).not.toThrow();
  });

  it('maps key scopes to roles and hides other orgs from keys', () => {
    expect(() => authorize(key(['read']), 'project.update', project)).toThrow(ForbiddenError);
    expect(() => authorize(key(['write']), 'project.update', project)).not.toThrow();
    expect(() => authorize(key(['predict']), 'project.read', project)).toThrow(ForbiddenError);
    expect(() => authorize(key(['admin']), 'project.read', { ...project, orgId: 'o2' })).toThrow(
      NotFoundError,
    );
  });

  it('lets only keys with the predict scope predict, within their org and project', () => {
    expect(() => authorize(key(['predict']), 'deployment.predict', project)).not.toThrow();
    expect(() => authorize(key(['predict']), 'deployment.read', project)).toThrow(ForbiddenError);
    expect(() => authorize(key(['admin']), 'deployment.predict', project)).toThrow(ForbiddenError);
    expect(() => authorize(key(['predict'], 'p2'), 'deployment.predict', project)).toThrow(
      NotFoundError,
    );
    expect(() =>
      authorize(key(['predict']), 'deployment.predict', { ...project, orgId: 'o2' }),
    ).toThrow(NotFoundError);
  });

  it('confines a project-restricted key to its project and to read at org level', () => {
    expect(() => authorize(key(['write'], 'p2'), 'project.read', project)).toThrow(NotFoundError);
    expect(() => authorize(key(['write'], 'p1'), 'project.update', project)).not.toThrow();
    expect(() =>
      authorize(key(['read'], 'p1'), 'project.list', { type: 'org', orgId: 'o1', userRole: null }),
    ).not.toThrow();
    expect(() =>
      authorize(key(['read'], 'p1'), 'org.read', { type: 'org', orgId: 'o1', userRole: null }),
    ).toThrow(ForbiddenError);
    expect(() =>
      authorize(key(['admin'], 'p1'), 'org.members.manage', {
        type: 'org',
        orgId: 'o1',
        userRole: null,
      }),
    ).toThrow(ForbiddenError);
  });

  it('lets only the instance admin manage the instance', () => {
    expect(() => authorize(user, 'instance.manage', { type: 'instance' })).toThrow(ForbiddenError);
    expect(() =>
      authorize({ ...user, isInstanceAdmin: true }, 'instance.manage', { type: 'instance' }),
    ).not.toThrow();
  });
});

describe('effectiveProjectRole', () => {
  it('gives org owners and admins every project and caps org viewers at viewer', () => {
    expect(effectiveProjectRole('admin', null)).toBe('owner');
    expect(effectiveProjectRole('member', null)).toBeNull();
    expect(effectiveProjectRole('member', 'editor')).toBe('editor');
    expect(effectiveProjectRole('viewer', 'editor')).toBe('viewer');
    expect(effectiveProjectRole(null, 'owner')).toBeNull();
  });
});
