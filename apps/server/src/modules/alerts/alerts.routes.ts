import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AlertChannel,
  AlertChannelParams,
  AlertChannelTestResult,
  AlertEvent,
  AlertRule,
  AlertRuleParams,
  CreateAlertChannelBody,
  CreateAlertRuleBody,
  CreatedAlertChannel,
  PageQuery,
  ProjectParams,
  UpdateAlertChannelBody,
  UpdateAlertRuleBody,
  pageOf,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import type { AlertChannelsService } from './alert-channels.service.js';
import type { AlertRulesService } from './alert-rules.service.js';

const tags = ['alerts'];

/** Alert rules on deployments' metrics, their state history, and the channels they notify. */
export function alertsRoutes(
  app: FastifyInstance,
  rules: AlertRulesService,
  channels: AlertChannelsService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/projects/:projectId/alert-rules',
    {
      schema: {
        tags,
        summary: "Create an alert rule on a deployment's metric",
        description:
          'Evaluated every minute over the window (5m–24h). feature_drift needs `feature`, an input of the deployed model; ratio metrics take thresholds between 0 and 1. A rule notifies its channels when it starts firing and when it resolves.',
        params: ProjectParams,
        body: CreateAlertRuleBody,
        response: { 201: AlertRule },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await rules.create(actorOf(request), request.params.projectId, request.body)),
  );
  r.get(
    '/api/v1/projects/:projectId/alert-rules',
    {
      schema: {
        tags,
        summary: "List a project's alert rules with their current state",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: pageOf(AlertRule) },
      },
    },
    (request) => rules.list(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/alert-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Get an alert rule',
        params: AlertRuleParams,
        response: { 200: AlertRule },
      },
    },
    (request) => rules.get(actorOf(request).principal, request.params.ruleId),
  );
  r.patch(
    '/api/v1/alert-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Change an alert rule',
        description: 'A changed condition, metric, window or deployment starts the state over.',
        params: AlertRuleParams,
        body: UpdateAlertRuleBody,
        response: { 200: AlertRule },
      },
    },
    (request) => rules.update(actorOf(request), request.params.ruleId, request.body),
  );
  r.delete(
    '/api/v1/alert-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Delete an alert rule and its history',
        params: AlertRuleParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await rules.delete(actorOf(request), request.params.ruleId);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/alert-rules/:ruleId/events',
    {
      schema: {
        tags,
        summary: "An alert rule's state changes, newest first",
        params: AlertRuleParams,
        querystring: PageQuery,
        response: { 200: pageOf(AlertEvent) },
      },
    },
    (request) => rules.events(actorOf(request).principal, request.params.ruleId, request.query),
  );

  r.post(
    '/api/v1/projects/:projectId/alert-channels',
    {
      schema: {
        tags,
        summary: 'Create an alert channel (webhook, Slack-compatible webhook, or e-mail)',
        description:
          "A webhook channel's signing secret is returned once; its deliveries carry `x-aistudio-signature` like platform webhooks. URLs pass the SSRF guard.",
        params: ProjectParams,
        body: CreateAlertChannelBody,
        response: { 201: CreatedAlertChannel },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await channels.create(actorOf(request), request.params.projectId, request.body)),
  );
  r.get(
    '/api/v1/projects/:projectId/alert-channels',
    {
      schema: {
        tags,
        summary: "List a project's alert channels",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: pageOf(AlertChannel) },
      },
    },
    (request) => channels.list(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/alert-channels/:channelId',
    {
      schema: {
        tags,
        summary: 'Get an alert channel',
        params: AlertChannelParams,
        response: { 200: AlertChannel },
      },
    },
    (request) => channels.get(actorOf(request).principal, request.params.channelId),
  );
  r.patch(
    '/api/v1/alert-channels/:channelId',
    {
      schema: {
        tags,
        summary: 'Rename an alert channel or change its URL or recipients',
        description:
          'The kind stays; a webhook keeps its signing secret. A new URL passes the SSRF guard.',
        params: AlertChannelParams,
        body: UpdateAlertChannelBody,
        response: { 200: AlertChannel },
      },
    },
    (request) => channels.update(actorOf(request), request.params.channelId, request.body),
  );
  r.post(
    '/api/v1/alert-channels/:channelId/test',
    {
      schema: {
        tags,
        summary: 'Send a test notification through an alert channel and report the outcome',
        description:
          'Synchronous (at most 5 s): a message marked as a test (webhook: a signed `ping` event; Slack: a text message; e-mail: a `[TEST]` subject). Answers 200 whether or not the receiver accepted it; `delivered`, `statusCode`, `response` and `error` say how it went.',
        params: AlertChannelParams,
        response: { 200: AlertChannelTestResult },
      },
    },
    (request) => channels.sendTest(actorOf(request), request.params.channelId),
  );
  r.delete(
    '/api/v1/alert-channels/:channelId',
    {
      schema: {
        tags,
        summary: 'Delete an alert channel',
        params: AlertChannelParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await channels.delete(actorOf(request), request.params.channelId);
      return reply.status(204).send(null);
    },
  );
}
