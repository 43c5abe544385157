import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AcceptInvitationBody,
  AddOrgMemberBody,
  CreatedInvitation,
  CreateInvitationBody,
  CreateOrgBody,
  Invitation,
  InvitationParams,
  Org,
  OrgMember,
  OrgMemberParams,
  OrgParams,
  PageQuery,
  UpdateOrgBody,
  UpdateOrgMemberBody,
  pageOf,
} from '@aistudio/contracts';
import { actorOf, userOf } from '../../http/authenticate.js';
import type { OrgsService } from './orgs.service.js';

const tags = ['orgs'];

export function orgsRoutes(app: FastifyInstance, orgs: OrgsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs',
    {
      schema: {
        tags,
        summary: "The caller's organizations",
        querystring: PageQuery,
        response: { 200: pageOf(Org) },
      },
    },
    (request) => orgs.listForUser(actorOf(request).principal, request.query),
  );
  r.post(
    '/api/v1/orgs',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'Create a team organization',
        body: CreateOrgBody,
        response: { 201: Org },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await orgs.create(actorOf(request), userOf(request), request.body)),
  );
  r.get(
    '/api/v1/orgs/:orgId',
    { schema: { tags, summary: 'One organization', params: OrgParams, response: { 200: Org } } },
    (request) => orgs.get(actorOf(request).principal, request.params.orgId),
  );
  r.patch(
    '/api/v1/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'Rename an organization',
        params: OrgParams,
        body: UpdateOrgBody,
        response: { 200: Org },
      },
    },
    (request) => orgs.update(actorOf(request), request.params.orgId, request.body),
  );

  r.get(
    '/api/v1/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Members',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(OrgMember) },
      },
    },
    (request) => orgs.listMembers(actorOf(request).principal, request.params.orgId, request.query),
  );
  r.post(
    '/api/v1/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Add an existing user',
        params: OrgParams,
        body: AddOrgMemberBody,
        response: { 201: OrgMember },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await orgs.addMember(actorOf(request), request.params.orgId, request.body)),
  );
  r.patch(
    '/api/v1/orgs/:orgId/members/:userId',
    {
      schema: {
        tags,
        summary: "Change a member's role",
        params: OrgMemberParams,
        body: UpdateOrgMemberBody,
        response: { 200: OrgMember },
      },
    },
    (request) =>
      orgs.updateMember(
        actorOf(request),
        request.params.orgId,
        request.params.userId,
        request.body,
      ),
  );
  r.delete(
    '/api/v1/orgs/:orgId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member, or leave',
        params: OrgMemberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await orgs.removeMember(actorOf(request), request.params.orgId, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Pending invitations',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Invitation) },
      },
    },
    (request) =>
      orgs.listInvitations(actorOf(request).principal, request.params.orgId, request.query),
  );
  r.post(
    '/api/v1/orgs/:orgId/invitations',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'Create an invitation link (token shown once)',
        params: OrgParams,
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await orgs.createInvitation(
            actorOf(request),
            userOf(request),
            request.params.orgId,
            request.body,
          ),
        ),
  );
  r.delete(
    '/api/v1/orgs/:orgId/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: 'Revoke an invitation',
        params: InvitationParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await orgs.revokeInvitation(
        actorOf(request),
        request.params.orgId,
        request.params.invitationId,
      );
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/invitations/accept',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'Accept an invitation as the signed-in user',
        body: AcceptInvitationBody,
        response: { 200: Org },
      },
    },
    (request) => orgs.acceptInvitation(actorOf(request), userOf(request), request.body.token),
  );
}
