import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ChangePasswordBody,
  InstanceInfo,
  LoginBody,
  RegisterBody,
  Session,
  SessionParams,
  SetupBody,
  UpdateInstanceBody,
  UserSession,
} from '@aistudio/contracts';
import { SESSION_COOKIE, actorOf, clientMeta as meta, userOf } from '../../http/authenticate.js';
import { SESSION_TTL_MS, type AuthService, type IssuedSession } from './auth.service.js';

const tags = ['auth'];

export function authRoutes(app: FastifyInstance, auth: AuthService, cookieSecure: boolean) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const startSession = (reply: FastifyReply, issued: IssuedSession) => {
    void reply.setCookie(SESSION_COOKIE, issued.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSecure,
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return issued.session;
  };

  r.get(
    '/api/v1/instance',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['instance'],
        summary: 'Instance status and settings',
        response: { 200: InstanceInfo },
      },
    },
    () => auth.instanceInfo(),
  );
  r.patch(
    '/api/v1/instance',
    {
      config: { auth: 'session' },
      schema: {
        tags: ['instance'],
        summary: 'Change instance settings (instance admin)',
        body: UpdateInstanceBody,
        response: { 200: InstanceInfo },
      },
    },
    (request) => auth.updateInstance(actorOf(request), request.body),
  );
  r.post(
    '/api/v1/auth/setup',
    {
      config: { auth: 'public', rateLimit: 'auth' },
      schema: {
        tags,
        summary: 'Create the instance owner (first run only)',
        body: SetupBody,
        response: { 201: Session },
      },
    },
    async (request, reply) =>
      reply.status(201).send(startSession(reply, await auth.setup(request.body, meta(request)))),
  );
  r.post(
    '/api/v1/auth/login',
    {
      config: { auth: 'public', rateLimit: 'auth' },
      schema: { tags, summary: 'Sign in', body: LoginBody, response: { 200: Session } },
    },
    async (request, reply) => startSession(reply, await auth.login(request.body, meta(request))),
  );
  r.post(
    '/api/v1/auth/register',
    {
      config: { auth: 'public', rateLimit: 'auth' },
      schema: {
        tags,
        summary: 'Create an account (open registration or invitation)',
        body: RegisterBody,
        response: { 201: Session },
      },
    },
    async (request, reply) =>
      reply.status(201).send(startSession(reply, await auth.register(request.body, meta(request)))),
  );
  r.post(
    '/api/v1/auth/logout',
    {
      config: { auth: 'session' },
      schema: { tags, summary: 'Sign out (revokes the session)', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await auth.logout(actorOf(request), userOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/auth/me',
    {
      config: { auth: 'session' },
      schema: { tags, summary: 'The signed-in user and CSRF token', response: { 200: Session } },
    },
    (request) => auth.me(userOf(request)),
  );
  r.get(
    '/api/v1/auth/sessions',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: "The signed-in user's sessions",
        response: { 200: z.array(UserSession) },
      },
    },
    (request) => auth.listSessions(userOf(request)),
  );
  r.delete(
    '/api/v1/auth/sessions/:sessionId',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: 'Sign out one session',
        params: SessionParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.revokeSession(actorOf(request), userOf(request), request.params.sessionId);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/auth/password',
    {
      config: { auth: 'session', rateLimit: 'auth' },
      schema: {
        tags,
        summary: 'Change password (signs out other sessions)',
        body: ChangePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.changePassword(actorOf(request), userOf(request), request.body);
      return reply.status(204).send(null);
    },
  );
}
