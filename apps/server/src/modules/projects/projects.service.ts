import type {
  AddProjectMemberBody,
  CreateProjectBody,
  ListProjectsQuery,
  PageQuery,
  Project,
  ProjectMember,
  ProjectRole,
  TransferProjectBody,
  UpdateProjectBody,
  UpdateProjectMemberBody,
} from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { OrgReadCache } from '../../infra/cache/org-read-cache.js';
import {
  authorize,
  effectiveProjectRole,
  roleOn,
  type ProjectAction,
  type ProjectResource,
} from '../../auth/policy.js';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../http/errors.js';
import { decodeCursor, iso, isoOrNull, toPage } from '../../http/pagination.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { ProjectsRepository, type ProjectRow } from './projects.repository.js';

export class ProjectsService {
  private readonly projects: ProjectsRepository;

  constructor(
    db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly cache: OrgReadCache,
    private readonly orgs: OrgsService,
  ) {
    this.projects = new ProjectsRepository(db);
  }

  /** Loads the project as the principal sees it and checks the action; 404 when it is not theirs. */
  async authorizeProject(principal: Principal, projectId: string, action: ProjectAction) {
    const userId = principal.kind === 'user' ? principal.userId : null;
    const found = await this.cache.getByLoadedOrg(
      `project:${projectId}:member:${userId ?? '-'}`,
      async () => {
        const row = await this.projects.findProjectWithUserRoles(projectId, userId);
        return row ? { orgId: row.project.orgId, value: row } : null;
      },
    );
    if (!found) throw new NotFoundError(`Project ${projectId} not found.`);
    const resource: ProjectResource = {
      type: 'project',
      orgId: found.project.orgId,
      projectId,
      userOrgRole: found.orgRole,
      userProjectRole: found.projectRole,
    };
    authorize(principal, action, resource);
    return { project: found.project, role: roleOn(principal, resource) as ProjectRole };
  }

  /**
   * `authorizeProject` for a resource inside the project (a dataset, run, model…): someone who
   * cannot see the project learns nothing from the resource's id, so the 404 names the resource.
   */
  async authorizeProjectResource(
    principal: Principal,
    projectId: string,
    action: ProjectAction,
    notFound: string,
  ) {
    try {
      return await this.authorizeProject(principal, projectId, action);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(notFound);
      throw error;
    }
  }

  async list(principal: Principal, orgId: string, query: ListProjectsQuery) {
    const { role: orgRole } = await this.orgs.authorizeOrg(principal, orgId, 'project.list');
    const caller =
      principal.kind === 'user' ? `user:${principal.userId}` : `key:${principal.keyId}`;
    const cacheKey = `projects:${orgId}:${caller}:${query.archived}:${query.limit}:${query.cursor ?? ''}`;
    return this.cache.get(orgId, cacheKey, async () => {
      const seesAll = principal.kind === 'apiKey' || orgRole === 'owner' || orgRole === 'admin';
      const rows = await this.projects.findPageVisible({
        orgId,
        visibility: seesAll
          ? { all: true, onlyProjectId: principal.kind === 'apiKey' ? principal.projectId : null }
          : { all: false, userId: principal.userId },
        archived: query.archived,
        limit: query.limit,
        afterId: decodeCursor(query.cursor),
      });
      const roleOf = (projectRole: ProjectRole | null, projectId: string) =>
        principal.kind === 'apiKey'
          ? roleOn(principal, {
              type: 'project',
              orgId,
              projectId,
              userOrgRole: null,
              userProjectRole: null,
            })
          : effectiveProjectRole(orgRole, projectRole);
      return toPage(
        rows.map((r) => ({ ...r, id: r.project.id })),
        query.limit,
        (r) => toProject(r.project, roleOf(r.projectRole, r.project.id) as ProjectRole),
      );
    });
  }

  async create(actor: Actor, orgId: string, body: CreateProjectBody): Promise<Project> {
    await this.orgs.authorizeOrg(actor.principal, orgId, 'project.create');
    // A project created with a key belongs to the person who created the key.
    const ownerId = accountableUser(actor.principal);
    return this.transactions.run(async (tx, audit) => {
      const repo = new ProjectsRepository(tx);
      const project = await repo.insertProject({
        orgId,
        name: body.name,
        description: body.description,
        ownerId,
      });
      await repo.upsertMember(project.id, ownerId, 'owner');
      await audit.record(actor, {
        orgId,
        projectId: project.id,
        action: 'project.create',
        targetType: 'project',
        targetId: project.id,
        summary: `Created project "${project.name}"`,
      });
      return toProject(project, 'owner');
    });
  }

  async get(principal: Principal, projectId: string): Promise<Project> {
    const { project, role } = await this.authorizeProject(principal, projectId, 'project.read');
    return toProject(project, role);
  }

  async update(actor: Actor, projectId: string, body: UpdateProjectBody): Promise<Project> {
    const { project, role } = await this.authorizeProject(
      actor.principal,
      projectId,
      'project.update',
    );
    return this.transactions.run(async (tx, audit) => {
      const repo = new ProjectsRepository(tx);
      await lockActiveProject(repo, projectId);
      const updated = await repo.updateProject(projectId, body);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'project.update',
        targetType: 'project',
        targetId: projectId,
        summary: `Updated ${Object.keys(body).join(' and ')} of "${updated.name}"`,
      });
      return toProject(updated, role);
    });
  }

  /** Archive (soft delete) or restore: archived projects are read-only and hidden from lists by default. */
  async setArchived(actor: Actor, projectId: string, archived: boolean): Promise<Project> {
    const { project, role } = await this.authorizeProject(
      actor.principal,
      projectId,
      'project.archive',
    );
    return this.transactions.run(async (tx, audit) => {
      const repo = new ProjectsRepository(tx);
      const current = await repo.lockProject(projectId);
      if (!current) throw new NotFoundError(`Project ${projectId} not found.`);
      if (Boolean(current.archivedAt) === archived) {
        throw new ConflictError(`Project is already ${archived ? 'archived' : 'active'}.`);
      }
      const updated = await repo.setArchived(projectId, archived);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: archived ? 'project.archive' : 'project.restore',
        targetType: 'project',
        targetId: projectId,
        summary: `${archived ? 'Archived' : 'Restored'} project "${project.name}"`,
      });
      return toProject(updated, role);
    });
  }

  /** Hands ownership to another org member; the previous owner stays on as editor. */
  async transfer(actor: Actor, projectId: string, body: TransferProjectBody): Promise<Project> {
    const { project } = await this.authorizeProject(actor.principal, projectId, 'project.transfer');
    await this.transactions.run(async (tx, audit) => {
      const repo = new ProjectsRepository(tx);
      // Locked and re-read: a concurrent transfer must see the owner this one leaves behind.
      const { ownerId } = await lockActiveProject(repo, projectId);
      const target = await repo.findOrgMemberRole(project.orgId, body.userId);
      if (!target) {
        throw new UnprocessableError('The new owner must be a member of the organization.', [
          { field: 'body.userId', message: 'is not a member of this organization' },
        ]);
      }
      if (target.role === 'viewer') {
        throw new UnprocessableError(
          'An org viewer cannot own a project; raise their org role first.',
          [{ field: 'body.userId', message: 'is an org viewer' }],
        );
      }
      if (body.userId === ownerId) throw new ConflictError('This user already owns the project.');
      await repo.upsertMember(projectId, ownerId, 'editor');
      await repo.upsertMember(projectId, body.userId, 'owner');
      await repo.setOwner(projectId, body.userId);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'project.transfer',
        targetType: 'project',
        targetId: projectId,
        summary: `Transferred "${project.name}" to ${target.email}`,
      });
    });
    // The caller's own role may have changed (an owner who handed over is now an editor).
    return this.get(actor.principal, projectId);
  }

  async listMembers(principal: Principal, projectId: string, query: PageQuery) {
    await this.authorizeProject(principal, projectId, 'project.members.read');
    const rows = await this.projects.findMembersPage(
      projectId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toMember);
  }

  /** Shares the project with an org member. */
  async addMember(
    actor: Actor,
    projectId: string,
    body: AddProjectMemberBody,
  ): Promise<ProjectMember> {
    const { project } = await this.authorizeProject(
      actor.principal,
      projectId,
      'project.members.manage',
    );
    return this.transactions.run(async (tx, audit) => {
      const repo = new ProjectsRepository(tx);
      await lockActiveProject(repo, projectId);
      const orgMember = await repo.findOrgMemberRole(project.orgId, body.userId);
      if (!orgMember) {
        throw new UnprocessableError(
          'Only organization members can be added to a project; add them to the org first.',
          [{ field: 'body.userId', message: 'is not a member of this organization' }],
        );
      }
      if (await repo.findMember(projectId, body.userId)) {
        throw new ConflictError('This user is already a project member.');
      }
      await repo.upsertMember(projectId, body.userId, body.role);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'project.member.add',
        targetType: 'user',
        targetId: body.userId,
        summary: `Shared "${project.name}" with ${orgMember.email} as ${body.role}`,
      });
      return toMember((await repo.findMember(projectId, body.userId))!);
    });
  }

  async updateMember(
    actor: Actor,
    projectId: string,
    userId: string,
    body: UpdateProjectMemberBody,
  ): Promise<ProjectMember> {
    const { project } = await this.authorizeProject(
      actor.principal,
      projectId,
      'project.members.manage',
    );
    return this.transactions.run(async (tx, audit) => {
      const repo = new ProjectsRepository(tx);
      await lockActiveProject(repo, projectId);
      const member = await repo.findMember(projectId, userId);
      if (!member) throw new NotFoundError(`User ${userId} is not a member of this project.`);
      if (member.role === 'owner') {
        throw new UnprocessableError('Change the owner by transferring the project instead.');
      }
      await repo.upsertMember(projectId, userId, body.role);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'project.member.update',
        targetType: 'user',
        targetId: userId,
        summary: `Changed ${member.email} from ${member.role} to ${body.role}`,
      });
      return toMember({ ...member, role: body.role });
    });
  }

  async removeMember(actor: Actor, projectId: string, userId: string) {
    const { project } = await this.authorizeProject(
      actor.principal,
      projectId,
      'project.members.manage',
    );
    await this.transactions.run(async (tx, audit) => {
      const repo = new ProjectsRepository(tx);
      await lockActiveProject(repo, projectId);
      const member = await repo.findMember(projectId, userId);
      if (!member) throw new NotFoundError(`User ${userId} is not a member of this project.`);
      if (member.role === 'owner') {
        throw new UnprocessableError('The owner cannot be removed; transfer the project first.');
      }
      await repo.deleteMember(projectId, userId);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'project.member.remove',
        targetType: 'user',
        targetId: userId,
        summary: `Removed ${member.email} from "${project.name}"`,
      });
    });
  }
}

/**
 * Locks the project row for the rest of the transaction, so its changes are serialised, and
 * checks the fresh row: archived projects are read-only.
 */
async function lockActiveProject(repo: ProjectsRepository, projectId: string): Promise<ProjectRow> {
  const project = await repo.lockProject(projectId);
  if (!project) throw new NotFoundError(`Project ${projectId} not found.`);
  if (project.archivedAt) {
    throw new ConflictError('The project is archived; restore it before changing it.');
  }
  return project;
}

function toProject(p: ProjectRow, role: ProjectRole): Project {
  return {
    id: p.id,
    orgId: p.orgId,
    name: p.name,
    description: p.description,
    ownerId: p.ownerId,
    role,
    archivedAt: isoOrNull(p.archivedAt),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

function toMember(m: {
  id: string;
  email: string;
  name: string;
  role: ProjectRole;
  addedAt: Date;
}): ProjectMember {
  return { userId: m.id, email: m.email, name: m.name, role: m.role, addedAt: iso(m.addedAt) };
}
