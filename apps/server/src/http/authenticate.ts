import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Principal, UserPrincipal } from '../auth/principal.js';
import { constantTimeEqual } from '../auth/secrets.js';
import type { RateLimiter } from '../infra/rate-limit/rate-limiter.js';
import type { ApiKeysService } from '../modules/api-keys/api-keys.service.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { CsrfError, ForbiddenError, TooManyRequestsError, UnauthorizedError } from './errors.js';

export const SESSION_COOKIE = 'aistudio_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MINUTE = 60_000;

interface AuthenticationDeps {
  auth: AuthService;
  apiKeys: ApiKeysService;
  limiter: RateLimiter;
  limits: { apiPerMinute: number; authPerMinute: number };
}

/**
 * Resolves the caller on every non-public route (bearer key or session cookie), enforces the route's
 * `auth` mode, CSRF on cookie-authenticated writes, and the per-IP / per-principal rate limits.
 */
export function registerAuthentication(app: FastifyInstance, deps: AuthenticationDeps) {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.url) return; // unmatched: the not-found handler answers
    const { auth: mode = 'any', rateLimit } = request.routeOptions.config;

    if (rateLimit === 'auth') {
      await limit(deps.limiter, `auth:ip:${request.ip}`, deps.limits.authPerMinute);
    }
    // Public routes use no identity, so credentials there are neither read nor able to fail the
    // request (a stale cookie on the sign-in page, a proxy's Basic header on /healthz).
    if (mode === 'public') return;

    const bearer = bearerToken(request);
    const cookie = request.cookies[SESSION_COOKIE];
    if (bearer !== null) {
      if (mode === 'session') {
        throw new ForbiddenError('This route needs a signed-in user; API keys cannot call it.');
      }
      request.principal = await deps.apiKeys.authenticate(bearer);
    } else if (cookie) {
      const user = await deps.auth.resolveSession(cookie);
      if (user && !SAFE_METHODS.has(request.method) && !csrfValid(request, user)) {
        throw new CsrfError();
      }
      request.principal = user;
    }

    const p = request.principal;
    if (!p) {
      throw new UnauthorizedError(
        'Sign in (session cookie) or send an API key as "Authorization: Bearer <key>".',
      );
    }
    const who = p.kind === 'user' ? `user:${p.userId}` : `key:${p.keyId}`;
    await limit(deps.limiter, `api:${who}`, deps.limits.apiPerMinute);
  });
}

async function limit(limiter: RateLimiter, key: string, perMinute: number) {
  const { count, resetInMs } = await limiter.hit(key, MINUTE);
  if (count > perMinute) {
    throw new TooManyRequestsError(
      `Rate limit of ${perMinute} requests per minute exceeded.`,
      resetInMs / 1000,
    );
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <api key>".');
  return match[1]!;
}

function csrfValid(request: FastifyRequest, user: UserPrincipal): boolean {
  const sent = request.headers['x-csrf-token'];
  return typeof sent === 'string' && constantTimeEqual(sent, user.csrfToken);
}

/** The caller and where they are, for services and the audit log. Only on authenticated routes. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.principal) throw new UnauthorizedError('Authentication required.');
  return { principal: request.principal, ...clientMeta(request) };
}

/** The caller alone, for reads and scoring: no client address to work out (a hot path). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError('Authentication required.');
  return request.principal;
}

/** Where a request came from, as sessions and the audit log store it. */
export function clientMeta(request: FastifyRequest): {
  ip: string | null;
  userAgent: string | null;
} {
  // A forwarded-for value from a trusted proxy chain is still text a client wrote: keep only IPs.
  return {
    ip: isIP(request.ip) ? request.ip : null,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

/** The signed-in user on `auth: 'session'` routes. */
export function userOf(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p?.kind !== 'user') throw new UnauthorizedError('Sign in to use this route.');
  return p;
}
