import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AddProjectMemberBody,
  CreateProjectBody,
  ListProjectsQuery,
  OrgParams,
  PageQuery,
  Project,
  ProjectMember,
  ProjectMemberParams,
  ProjectParams,
  TransferProjectBody,
  UpdateProjectBody,
  UpdateProjectMemberBody,
  pageOf,
} from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { ProjectsService } from './projects.service.js';

const tags = ['projects'];

export function projectsRoutes(app: FastifyInstance, projects: ProjectsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:orgId/projects',
    {
      schema: {
        tags,
        summary: 'Projects the caller can see',
        params: OrgParams,
        querystring: ListProjectsQuery,
        response: { 200: pageOf(Project) },
      },
    },
    (request) => projects.list(actorOf(request).principal, request.params.orgId, request.query),
  );
  r.post(
    '/api/v1/orgs/:orgId/projects',
    {
      schema: {
        tags,
        summary: 'Create a project',
        params: OrgParams,
        body: CreateProjectBody,
        response: { 201: Project },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await projects.create(actorOf(request), request.params.orgId, request.body)),
  );
  r.get(
    '/api/v1/projects/:projectId',
    { schema: { tags, summary: 'One project', params: ProjectParams, response: { 200: Project } } },
    (request) => projects.get(actorOf(request).principal, request.params.projectId),
  );
  r.patch(
    '/api/v1/projects/:projectId',
    {
      schema: {
        tags,
        summary: 'Rename or describe',
        params: ProjectParams,
        body: UpdateProjectBody,
        response: { 200: Project },
      },
    },
    (request) => projects.update(actorOf(request), request.params.projectId, request.body),
  );
  r.delete(
    '/api/v1/projects/:projectId',
    {
      schema: {
        tags,
        summary: 'Archive (soft delete)',
        params: ProjectParams,
        response: { 200: Project },
      },
    },
    (request) => projects.setArchived(actorOf(request), request.params.projectId, true),
  );
  r.post(
    '/api/v1/projects/:projectId/restore',
    {
      schema: {
        tags,
        summary: 'Restore an archived project',
        params: ProjectParams,
        response: { 200: Project },
      },
    },
    (request) => projects.setArchived(actorOf(request), request.params.projectId, false),
  );
  r.post(
    '/api/v1/projects/:projectId/transfer',
    {
      schema: {
        tags,
        summary: 'Transfer ownership',
        params: ProjectParams,
        body: TransferProjectBody,
        response: { 200: Project },
      },
    },
    (request) => projects.transfer(actorOf(request), request.params.projectId, request.body),
  );

  r.get(
    '/api/v1/projects/:projectId/members',
    {
      schema: {
        tags,
        summary: 'Project members',
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: pageOf(ProjectMember) },
      },
    },
    (request) =>
      projects.listMembers(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.post(
    '/api/v1/projects/:projectId/members',
    {
      schema: {
        tags,
        summary: 'Share with an org member',
        params: ProjectParams,
        body: AddProjectMemberBody,
        response: { 201: ProjectMember },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await projects.addMember(actorOf(request), request.params.projectId, request.body)),
  );
  r.patch(
    '/api/v1/projects/:projectId/members/:userId',
    {
      schema: {
        tags,
        summary: "Change a project member's role",
        params: ProjectMemberParams,
        body: UpdateProjectMemberBody,
        response: { 200: ProjectMember },
      },
    },
    (request) =>
      projects.updateMember(
        actorOf(request),
        request.params.projectId,
        request.params.userId,
        request.body,
      ),
  );
  r.delete(
    '/api/v1/projects/:projectId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a project member',
        params: ProjectMemberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await projects.removeMember(
        actorOf(request),
        request.params.projectId,
        request.params.userId,
      );
      return reply.status(204).send(null);
    },
  );
}
