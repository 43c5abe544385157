import type {
  AddOrgMemberBody,
  CreateInvitationBody,
  CreatedInvitation,
  CreateOrgBody,
  Invitation,
  Org,
  OrgMember,
  OrgRole,
  PageQuery,
  UpdateOrgBody,
  UpdateOrgMemberBody,
} from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { OrgReadCache } from '../../infra/cache/org-read-cache.js';
import {
  authorize,
  orgRoleAtLeast,
  roleOn,
  type OrgAction,
  type OrgResource,
} from '../../auth/policy.js';
import {
  accountableUser,
  type Actor,
  type Principal,
  type UserPrincipal,
} from '../../auth/principal.js';
import { newToken, sha256 } from '../../auth/secrets.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
} from '../../http/errors.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { redeemInvitation } from './invitations.js';
import { OrgsRepository, type InvitationRow, type OrgRow } from './orgs.repository.js';

export class OrgsService {
  private readonly orgs: OrgsRepository;

  constructor(
    db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly cache: OrgReadCache,
    private readonly publicUrl: string,
  ) {
    this.orgs = new OrgsRepository(db);
  }

  /** Loads the org as the principal sees it and checks the action; 404 when it is not theirs. */
  async authorizeOrg(principal: Principal, orgId: string, action: OrgAction) {
    // A key's role comes from its scopes, so no other org is ever visible to it.
    if (principal.kind === 'apiKey' && principal.orgId !== orgId) {
      throw new NotFoundError(`Organization ${orgId} not found.`);
    }
    const userId = principal.kind === 'user' ? principal.userId : null;
    const found = await this.cache.get(orgId, `org:${orgId}:member:${userId ?? '-'}`, () =>
      this.orgs.findOrgWithUserRole(orgId, userId),
    );
    const resource: OrgResource = { type: 'org', orgId, userRole: found?.role ?? null };
    if (!found) throw new NotFoundError(`Organization ${orgId} not found.`);
    authorize(principal, action, resource);
    return { org: found.org, role: roleOn(principal, resource) as OrgRole };
  }

  async listForUser(principal: Principal, query: PageQuery) {
    if (principal.kind === 'apiKey') {
      const { org, role } = await this.authorizeOrg(principal, principal.orgId, 'org.read');
      return { items: [toOrg(org, role)], nextCursor: null };
    }
    const rows = await this.orgs.findPageForUser(
      principal.userId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(
      rows.map((r) => ({ ...r, id: r.org.id })),
      query.limit,
      (r) => toOrg(r.org, r.role),
    );
  }

  async get(principal: Principal, orgId: string): Promise<Org> {
    const { org, role } = await this.authorizeOrg(principal, orgId, 'org.read');
    return toOrg(org, role);
  }

  async create(actor: Actor, principal: UserPrincipal, body: CreateOrgBody): Promise<Org> {
    return this.transactions.run(async (tx, audit) => {
      const org = await new OrgsRepository(tx).insertOrgWithOwner({
        name: body.name,
        kind: 'team',
        ownerId: principal.userId,
      });
      await audit.record(actor, {
        orgId: org.id,
        action: 'org.create',
        targetType: 'org',
        targetId: org.id,
        summary: `Created organization "${org.name}"`,
      });
      return toOrg(org, 'owner');
    });
  }

  async update(actor: Actor, orgId: string, body: UpdateOrgBody): Promise<Org> {
    const { role } = await this.authorizeOrg(actor.principal, orgId, 'org.update');
    return this.transactions.run(async (tx, audit) => {
      const org = await new OrgsRepository(tx).updateOrgName(orgId, body.name);
      await audit.record(actor, {
        orgId,
        action: 'org.update',
        targetType: 'org',
        targetId: orgId,
        summary: `Renamed organization to "${org.name}"`,
      });
      return toOrg(org, role);
    });
  }

  async listMembers(principal: Principal, orgId: string, query: PageQuery) {
    await this.authorizeOrg(principal, orgId, 'org.members.read');
    const rows = await this.orgs.findMembersPage(orgId, query.limit, decodeCursor(query.cursor));
    return toPage(rows, query.limit, toMember);
  }

  /** Adds an existing user by email; new people join through invitations instead. */
  async addMember(actor: Actor, orgId: string, body: AddOrgMemberBody): Promise<OrgMember> {
    const { org, role } = await this.authorizeOrg(actor.principal, orgId, 'org.members.manage');
    assertTeamOrg(org);
    assertMayGrant(role, body.role);
    return this.transactions.run(async (tx, audit) => {
      const orgs = new OrgsRepository(tx);
      const user = await new AuthRepository(tx).findUserByEmail(body.email);
      if (!user) {
        throw new UnprocessableError(`No account uses ${body.email}; send an invitation instead.`, [
          { field: 'body.email', message: 'no account with this email; invite them instead' },
        ]);
      }
      if (!(await orgs.insertMember({ orgId, userId: user.id, role: body.role }))) {
        throw new ConflictError(`${body.email} is already a member.`);
      }
      await audit.record(actor, {
        orgId,
        action: 'org.member.add',
        targetType: 'user',
        targetId: user.id,
        summary: `Added ${user.email} as ${body.role}`,
      });
      return toMember((await orgs.findMember(orgId, user.id))!);
    });
  }

  async updateMember(
    actor: Actor,
    orgId: string,
    userId: string,
    body: UpdateOrgMemberBody,
  ): Promise<OrgMember> {
    const { role } = await this.authorizeOrg(actor.principal, orgId, 'org.members.manage');
    return this.transactions.run(async (tx, audit) => {
      const orgs = new OrgsRepository(tx);
      const member = await orgs.findMember(orgId, userId, true);
      if (!member) throw new NotFoundError(`User ${userId} is not a member of this organization.`);
      assertMayGrant(role, member.role);
      assertMayGrant(role, body.role);
      if (member.role === 'owner' && body.role !== 'owner') await assertNotLastOwner(orgs, orgId);
      await orgs.updateMemberRole(orgId, userId, body.role);
      await audit.record(actor, {
        orgId,
        action: 'org.member.update',
        targetType: 'user',
        targetId: userId,
        summary: `Changed ${member.email} from ${member.role} to ${body.role}`,
      });
      return toMember({ ...member, role: body.role });
    });
  }

  /** Removes a member; members may also remove themselves (leave). */
  async removeMember(actor: Actor, orgId: string, userId: string) {
    const p = actor.principal;
    const leaving = p.kind === 'user' && p.userId === userId;
    const { org, role } = await this.authorizeOrg(
      p,
      orgId,
      leaving ? 'org.read' : 'org.members.manage',
    );
    if (org.kind === 'personal')
      throw new UnprocessableError('You cannot leave your personal organization.');
    await this.transactions.run(async (tx, audit) => {
      const orgs = new OrgsRepository(tx);
      const member = await orgs.findMember(orgId, userId, true);
      if (!member) throw new NotFoundError(`User ${userId} is not a member of this organization.`);
      if (!leaving) assertMayGrant(role, member.role);
      if (member.role === 'owner') await assertNotLastOwner(orgs, orgId);
      if (leaving && (await orgs.countProjectsOwnedBy(orgId, userId)) > 0) {
        throw new UnprocessableError(
          'You own projects in this organization; transfer them before leaving.',
        );
      }
      // The member's projects stay with the org: whoever removes them inherits ownership.
      const heirId = accountableUser(p);
      const { projectsInherited } = await orgs.deleteMember(orgId, userId, heirId);
      await audit.record(actor, {
        orgId,
        action: leaving ? 'org.member.leave' : 'org.member.remove',
        targetType: 'user',
        targetId: userId,
        summary: leaving
          ? `${member.email} left`
          : `Removed ${member.email}` +
            (projectsInherited
              ? `; their ${projectsInherited} project(s) passed to ${p.name}`
              : ''),
      });
    });
  }

  async createInvitation(
    actor: Actor,
    principal: UserPrincipal,
    orgId: string,
    body: CreateInvitationBody,
  ): Promise<CreatedInvitation> {
    const { org, role } = await this.authorizeOrg(actor.principal, orgId, 'org.invitations.manage');
    assertTeamOrg(org);
    assertMayGrant(role, body.role);
    const token = newToken();
    return this.transactions.run(async (tx, audit) => {
      const invitation = await new OrgsRepository(tx).insertInvitation({
        orgId,
        email: body.email ?? null,
        role: body.role,
        tokenHash: sha256(token),
        createdBy: principal.userId,
        expiresAt: new Date(Date.now() + body.expiresInHours * 3600_000),
      });
      await audit.record(actor, {
        orgId,
        action: 'invitation.create',
        targetType: 'invitation',
        targetId: invitation.id,
        summary: `Invited ${body.email ?? 'anyone with the link'} as ${body.role}`,
      });
      return {
        ...toInvitation(invitation),
        token,
        url: `${this.publicUrl}/register?invitation=${token}`,
      };
    });
  }

  async listInvitations(principal: Principal, orgId: string, query: PageQuery) {
    await this.authorizeOrg(principal, orgId, 'org.invitations.manage');
    const rows = await this.orgs.findPendingInvitationsPage(
      orgId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toInvitation);
  }

  async revokeInvitation(actor: Actor, orgId: string, invitationId: string) {
    await this.authorizeOrg(actor.principal, orgId, 'org.invitations.manage');
    await this.transactions.run(async (tx, audit) => {
      const orgs = new OrgsRepository(tx);
      const invitation = await orgs.findInvitation(orgId, invitationId);
      if (!invitation) throw new NotFoundError(`Invitation ${invitationId} not found.`);
      // Conditional, so an acceptance that lands first is never reported as revoked.
      if (!(await orgs.revokePendingInvitation(orgId, invitationId))) {
        throw new ConflictError('This invitation has already been used or revoked.');
      }
      await audit.record(actor, {
        orgId,
        action: 'invitation.revoke',
        targetType: 'invitation',
        targetId: invitationId,
        summary: `Revoked the invitation for ${invitation.email ?? 'anyone with the link'}`,
      });
    });
  }

  /** A signed-in user accepts an invitation link. */
  async acceptInvitation(actor: Actor, principal: UserPrincipal, token: string): Promise<Org> {
    const orgId = await this.transactions.run(async (tx, audit) => {
      const { orgId } = await redeemInvitation(
        tx,
        audit,
        token,
        { id: principal.userId, email: principal.email },
        actor,
      );
      return orgId;
    });
    return this.get(principal, orgId);
  }
}

function assertTeamOrg(org: OrgRow) {
  if (org.kind === 'personal') {
    throw new UnprocessableError(
      'A personal organization has one member; create a team organization to work with others.',
    );
  }
}

// Admins manage admins, members and viewers; only owners grant, change or remove ownership.
function assertMayGrant(actorRole: OrgRole, targetRole: OrgRole) {
  if (targetRole === 'owner' && !orgRoleAtLeast(actorRole, 'owner')) {
    throw new ForbiddenError('Only an owner can grant, change or remove the owner role.');
  }
}

async function assertNotLastOwner(orgs: OrgsRepository, orgId: string) {
  if ((await orgs.countOwnersForUpdate(orgId)) <= 1) {
    throw new UnprocessableError(
      'An organization needs at least one owner; make someone else owner first.',
    );
  }
}

export function toOrg(org: OrgRow, role: OrgRole): Org {
  return { id: org.id, name: org.name, kind: org.kind, role, createdAt: iso(org.createdAt) };
}

function toMember(m: {
  id: string;
  email: string;
  name: string;
  role: OrgRole;
  joinedAt: Date;
}): OrgMember {
  return { userId: m.id, email: m.email, name: m.name, role: m.role, joinedAt: iso(m.joinedAt) };
}

function toInvitation(i: InvitationRow): Invitation {
  return {
    id: i.id,
    orgId: i.orgId,
    email: i.email,
    role: i.role,
    expiresAt: iso(i.expiresAt),
    createdAt: iso(i.createdAt),
  };
}
